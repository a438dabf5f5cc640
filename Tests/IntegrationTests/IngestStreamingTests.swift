import CivicPulseIngest
import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// Long JSON Lines files are ingested a piece at a time: memory stays flat whatever the file's
/// length, and the file is still one transaction with every event once.
final class IngestStreamingTests: FolderTestCase {
    /// A listening export of `count` mentions from `first` on; about 2 KB a line, most of it the
    /// link, which every reading keeps and none spends long on.
    private func mentions(_ name: String, count: Int, first: Int = 0, bad: Set<Int> = []) throws -> String {
        let link = "https://example.org/" + String(repeating: "quay-street-underpass-", count: 90)
        var text = ""
        for index in first..<(first + count) {
            let time = bad.contains(index) ? "soon" : "2026-11-21T\(String(format: "%02d:%02d", index / 60 % 24, index % 60)):00Z"
            text += #"{"platform":"twitter","id":"\#(8_000_000 + index)","author":"4\#(index % 89)","text":"Bins on Mill Lane","time":"\#(time)","url":"\#(link)\#(index)"}"#
            text += "\n"
        }
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A 25 MB file costs ingest and inspect no more memory than a two-line one, within a few
    /// pieces' worth: read whole, with its events and their COPY rows, it took about four
    /// times its size more (and nine times for short lines).
    func testALongJSONLinesFileIsIngestedAndInspectedInBoundedMemory() throws {
        let long = try mentions("long.jsonl", count: 12_000), short = try mentions("short.jsonl", count: 2, first: 20_000)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: long)[.size] as? Int)
        XCTAssertGreaterThan(size, 24_000_000)
        // Pieces in flight: one per core ahead and one being appended, each a few MB at most.
        let bound = 16 * 1_048_576 + ProcessInfo.processInfo.activeProcessorCount * 4 * 1_048_576

        let small = try spawn(["ingest", "-q", short])
        let large = try spawn(["ingest", "-q", long])
        XCTAssertEqual(large.status, 0, large.err)
        XCTAssertEqual(large.out, "\(long): keyword-listening stream JSON Lines: 12000 records read → 12000 events appended, 0 already in the log, 0 records quarantined\n")
        XCTAssertLessThan(large.peakBytes - small.peakBytes, bound,
                          "ingest of \(size) bytes peaked at \(large.peakBytes / 1_048_576) MB against \(small.peakBytes / 1_048_576) MB")
        let connection = try database.connect()
        XCTAssertEqual(try EventLog.count(on: connection), 12_002)

        let inspectSmall = try spawn(["inspect", short]), inspectLarge = try spawn(["inspect", long])
        XCTAssertEqual(inspectLarge.out, "\(long): keyword-listening stream JSON Lines: 12000 records read → 12000 events (mention 12000), 0 records quarantined\n")
        XCTAssertLessThan(inspectLarge.peakBytes - inspectSmall.peakBytes, bound,
                          "inspect peaked at \(inspectLarge.peakBytes / 1_048_576) MB against \(inspectSmall.peakBytes / 1_048_576) MB")
    }

    /// An event repeated far down the file, in another piece, is appended once and counted as a
    /// duplicate; a bad record in a later piece is quarantined with its line; ingesting again adds nothing.
    func testAnEventRepeatedInALaterPieceIsAppendedOnce() throws {
        let path = try mentions("repeats.jsonl", count: 3_000, bad: [2_500])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try (text + text.split(separator: "\n")[3] + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertGreaterThan(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int, 3 * 512 * 1_024, "several pieces")

        let connection = try database.connect()
        let ingestor = try Fixtures.ingestor(connection)
        let first = try ingestor.ingest(file: path)
        XCTAssertEqual([first.read, first.appended, first.duplicates, first.quarantinedCount], [3_001, 2_999, 1, 1])
        XCTAssertEqual(first.quarantined.map(\.recordPath), ["line 2501"])
        XCTAssertEqual(try EventLog.count(on: connection), 2_999)
        XCTAssertEqual(try Quarantine.count(on: connection), 1)

        let again = try ingestor.ingest(file: path)
        XCTAssertEqual([again.read, again.appended, again.duplicates, again.quarantinedCount], [3_001, 0, 3_000, 1])
        XCTAssertEqual(try EventLog.count(on: connection), 2_999)
        XCTAssertEqual(try Quarantine.count(on: connection), 1, "quarantined once")
    }

    /// Every record of a long file quarantined is kept, each with its place in the file: a
    /// webhook line holds several records, and each piece numbered its records from 0, so the
    /// quarantine kept the first piece's and silently dropped the same places in later pieces.
    func testEveryRecordQuarantinedInEveryPieceIsKept() throws {
        let lines = 2_000, story = String(repeating: "The bin on Elm Road was missed again. ", count: 24)
        var text = ""
        for line in 0..<lines {
            let comment = #"{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"200000000000001_\#(310_000_000_000_000 + line)","post_id":"110000000000001_200000000000001","parent_id":"110000000000001_200000000000001","from":{"name":"Alex Resident","id":"5100000000000001"},"created_time":\#(1_772_442_900 + line),"message":"\#(story)"}}"#
            text += #"{"object":"page","entry":[{"id":"110000000000001","time":1772442905,"changes":[{"value":{"item":"comment","verb":"add"}},\#(comment)]}]}"# + "\n"
        }
        let path = folder.appendingPathComponent("webhooks.jsonl").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertGreaterThan(text.utf8.count, 3 * 512 * 1_024, "several pieces")

        let connection = try database.connect()
        let ingestor = try Fixtures.ingestor(connection)
        let first = try ingestor.ingest(file: path)
        XCTAssertEqual([first.read, first.appended, first.quarantinedCount], [2 * lines, lines, lines])
        XCTAssertEqual(try Quarantine.count(file: path, all: false, on: connection), lines, "every bad record is in the quarantine")
        XCTAssertEqual(Set(try Quarantine.entries(file: path, all: false, limit: lines, on: connection).map(\.recordPath)).count, lines)

        let again = try ingestor.ingest(file: path)
        XCTAssertEqual([again.read, again.appended, again.duplicates, again.quarantinedCount], [2 * lines, 0, lines, lines])
        XCTAssertEqual(try Quarantine.count(file: path, all: false, on: connection), lines, "none resolved by a run that refused them again")
        XCTAssertEqual(try Quarantine.count(file: path, all: true, on: connection), lines, "none stored twice")
    }

    /// Standard output and error on one log: each file's line whole, then its problems, and a
    /// total at the end. Standard output was buffered, so every file's line came after all the
    /// problems, at the end.
    func testEachFilesLineComesWholeBeforeItsProblemsAndATotalEnds() throws {
        let good = try mentions("good.jsonl", count: 3)
        let bad = try mentions("bad.jsonl", count: 30, first: 100, bad: Set(100..<125))
        let missing = folder.appendingPathComponent("missing.jsonl").path
        let run = try spawn(["ingest", "-q", good, bad, missing], mergingErrors: true)
        XCTAssertEqual(run.status, 3)
        let lines = run.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 26 else { return XCTFail("26 lines wanted:\n\(run.out)") }
        XCTAssertEqual(lines[0], "\(good): keyword-listening stream JSON Lines: 3 records read → 3 events appended, 0 already in the log, 0 records quarantined")
        XCTAssertEqual(lines[1], "\(bad): keyword-listening stream JSON Lines: 30 records read → 5 events appended, 0 already in the log, 25 records quarantined")
        XCTAssertEqual(lines[2], "quarantined: \(bad): line 1 (id 8000100): field 'time': not a timestamp: \"soon\"")
        XCTAssertTrue(lines[3..<22].allSatisfy { $0.hasPrefix("quarantined: \(bad): line ") && $0.hasSuffix("not a timestamp: \"soon\"") })
        XCTAssertEqual(lines[22], "quarantined: … and 5 more in \(bad)")
        XCTAssertEqual(lines[23], "\(missing): not ingested: cannot read the file: no such file or directory")
        XCTAssertEqual(lines[24], "total: 3 files (1 not ingested), 33 records read → 8 events appended, 0 already in the log, 25 records quarantined, 0 platform errors")
        XCTAssertEqual(lines[25], "")
    }

    /// Runs the built command against this test's database, standard error into standard output
    /// when `mergingErrors`: what it printed, and its peak resident memory.
    ///
    /// The peak is the child's `VmHWM`, read from `/proc` while it runs: that is its own program's
    /// high-water mark. Its `ru_maxrss` from `wait4` is not: `posix_spawn` starts the child in this
    /// process's memory, and Linux carries this test process's own peak into the child's figure
    /// at `exec` (a two-line ingest "peaked" at 87 MB, this process's size, against 39 MB alone).
    private func spawn(_ arguments: [String], mergingErrors: Bool = false) throws -> (status: Int32, out: String, err: String, peakBytes: Int) {
        let binary = Fixtures.root.appendingPathComponent(".build/debug/civicpulse").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("build the command first (make test does)") }
        let out = folder.appendingPathComponent("out-\(UUID().uuidString)").path, err = out + ".err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if mergingErrors {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        let pipeline = Fixtures.root.appendingPathComponent("pipelines/example-council.yaml").path
        let argv = ([binary] + arguments + ["--pipeline", pipeline]).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = database.name
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, binary, &actions, nil, argv, envp)
        XCTAssertEqual(spawned, 0, "cannot run \(binary)")
        var status: Int32 = 0, peak = 0
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid || (waited == -1 && errno != EINTR) { break }
            peak = max(peak, Self.highWaterMark(of: pid) ?? 0)
            usleep(5_000)
        }
        let printed = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : -1, printed, errors, peak)
    }

    /// The `VmHWM` of a running process, in bytes.
    private static func highWaterMark(of pid: pid_t) -> Int? {
        guard let status = FileHandle(forReadingAtPath: "/proc/\(pid)/status")?.readDataToEndOfFile() else { return nil }
        let line = String(decoding: status, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        return line.flatMap { Int($0.split(whereSeparator: \.isWhitespace)[1]) }.map { $0 * 1_024 }
    }
}
