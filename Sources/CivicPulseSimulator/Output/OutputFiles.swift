import Foundation

/// Where the payload files go, and the tally of what was written.
final class OutputFiles {
    let root: URL
    private(set) var summary: SimulationSummary
    private var madeDirectories: Set<String> = []

    init(root: URL, summary: SimulationSummary) {
        self.root = root
        self.summary = summary
    }

    /// The full path for `relative`, creating its folder the first time.
    func path(_ relative: String) throws -> String {
        let url = root.appendingPathComponent(relative)
        let folder = url.deletingLastPathComponent().path
        if !madeDirectories.contains(folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            madeDirectories.insert(folder)
        }
        return url.path
    }

    /// Writes a whole file (an API response page) and dates it when it was fetched, as a
    /// collector saving the response would: readers date snapshots without a time by it.
    func write(_ bytes: [UInt8], to relative: String, category: String, fetchedAt: Millis) throws {
        let path = try path(relative)
        do {
            // Not atomic: a temporary file and a rename per page would double the cost of a large run.
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            throw SimulationError("cannot write \(path): \(error.localizedDescription)")
        }
        try? FileManager.default.setAttributes([.modificationDate: fetchedAt.date], ofItemAtPath: path)
        counted(category: category, bytes: bytes.count)
    }

    func counted(category: String, bytes: Int) {
        summary.files[category, default: 0] += 1
        summary.bytes += bytes
    }

    func record(_ key: RecordKey, _ count: Int = 1) {
        summary.records[key, default: 0] += count
    }

    func duplicate(_ key: RecordKey) {
        summary.duplicates[key, default: 0] += 1
    }

    func malformed(_ key: RecordKey) {
        summary.malformed[key, default: 0] += 1
    }

    func setCrisis(_ crisis: CrisisWindow?) {
        summary.crisis = crisis
    }

    func setCrisisCounts(questions: Int, normalHourly: Double, crisisHourly: Double) {
        summary.crisisQuestions = questions
        summary.normalHourlyQuestions = normalHourly
        summary.crisisHourlyQuestions = crisisHourly
    }
}

/// A JSON Lines file that starts a new file every `maxLines` lines (a log rotated by size).
final class JSONLinesFile {
    private let files: OutputFiles
    private let folder: String
    private let prefix: String
    private let category: String
    private let maxLines: Int
    private var handle: FileHandle?
    private var path = ""
    private var number = 0
    private var lines = 0
    private var bytesInFile = 0
    private var buffer: [UInt8] = []
    private var lastTime: Millis = 0

    init(files: OutputFiles, folder: String, prefix: String, category: String, maxLines: Int) {
        self.files = files
        self.folder = folder
        self.prefix = prefix
        self.category = category
        self.maxLines = maxLines
    }

    /// The number of the line the next `append` writes, 1-based within its file.
    var nextLineNumber: Int { lines >= maxLines || handle == nil ? 1 : lines + 1 }

    /// Appends one line (without its newline) written at `time`.
    func append(_ line: [UInt8], at time: Millis) throws {
        if handle == nil || lines >= maxLines { try rotate() }
        buffer.append(contentsOf: line)
        buffer.append(UInt8(ascii: "\n"))
        lines += 1
        bytesInFile += line.count + 1
        lastTime = max(lastTime, time)
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        guard let handle, !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    private func rotate() throws {
        try close()
        number += 1
        path = try files.path("\(folder)/\(prefix)-\(String(format: "%06d", number)).jsonl")
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw SimulationError("cannot write \(path)")
        }
        self.handle = handle
        lines = 0
        bytesInFile = 0
    }

    func close() throws {
        guard let handle else { return }
        flush()
        try handle.close()
        self.handle = nil
        try? FileManager.default.setAttributes([.modificationDate: lastTime.date], ofItemAtPath: path)
        files.counted(category: category, bytes: bytesInFile)
    }
}

/// Why a simulation could not run or finish.
public struct SimulationError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
