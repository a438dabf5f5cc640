import Foundation

/// A JSON Lines log of deliveries (a webhook receiver's log, a listening tool's export),
/// with the faults real logs have: a delivery retried a few lines later, and now and then
/// a line cut short (a crash mid-write).
final class DeliveryLog {
    private let file: JSONLinesFile
    private let files: OutputFiles
    private let platform: String
    /// What the log's lines are, for counting its retries ("webhook delivery").
    private let logName: String
    /// Deliveries to be repeated, with how many lines to wait first.
    private var retries: [(wait: Int, line: [UInt8], at: Millis)] = []

    init(files: OutputFiles, folder: String, prefix: String, category: String, platform: String, logName: String) {
        self.files = files
        self.platform = platform
        self.logName = logName
        file = JSONLinesFile(files: files, folder: folder, prefix: prefix, category: category, maxLines: files.summary.options.linesPerFile)
    }

    /// Writes one delivery, perhaps broken, perhaps to be delivered again. `record` names what
    /// it holds ("webhook comment") and `kind` the event kind the reader should make of it.
    func append(_ line: [UInt8], at time: Millis, record: String, kind: String, random: inout SeededRandom) throws {
        let options = files.summary.options
        // A file's first line tells readers what the file is, so it is never the broken one.
        if file.nextLineNumber > 1, random.chance(options.malformedRate) {
            try file.append(Array(line.prefix(max(1, line.count * 3 / 5))), at: time)
            files.malformed(RecordKey(platform, record, "truncated JSON line"))
        } else {
            try file.append(line, at: time)
            files.record(RecordKey(platform, record, kind))
            if random.chance(options.duplicateRate) {
                retries.append((wait: random.between(1, 20), line: line, at: time))
            }
        }
        try deliverDueRetries()
    }

    private func deliverDueRetries() throws {
        guard !retries.isEmpty else { return }
        var due: [(line: [UInt8], at: Millis)] = []
        for index in retries.indices {
            retries[index].wait -= 1
            if retries[index].wait <= 0 { due.append((retries[index].line, retries[index].at)) }
        }
        retries.removeAll { $0.wait <= 0 }
        for retry in due {
            try file.append(retry.line, at: retry.at)
            files.duplicate(RecordKey(platform, logName, "delivered again"))
        }
    }

    func finish() throws {
        for retry in retries {
            try file.append(retry.line, at: retry.at)
            files.duplicate(RecordKey(platform, logName, "delivered again"))
        }
        retries.removeAll()
        try file.close()
    }
}
