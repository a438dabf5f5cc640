import CivicPulseIngest
import Foundation
import Postgres
import XCTest

/// Serve's group commit (`Ingestor.ingestTogether`): deliveries that arrived together go into
/// the log in one transaction, each file as `ingest` would have appended it alone.
final class ServeGroupCommitTests: FolderTestCase {
    func write(_ name: String, _ data: Data) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// An unreadable body among good ones is reported and left out; the others commit, and the
    /// same delivery twice in one group is appended once.
    func testAnUnreadableFileIsLeftOutAndTheOthersCommit() throws {
        let comment = try ServeTestCase.fixture("webhook-comment-add.json")
        let files = [
            try write("1.json", comment),
            try write("2.json", Data("{\"object\":\"page\",\"entry\":[".utf8)),
            try write("3.json", try ServeTestCase.fixture("webhook-mention.json")),
            try write("4.json", comment),
        ]
        let connection = try database.connect()
        var reports: [FileReport] = []
        try Self.ingestTogether(files, on: connection) { reports.append($0) }
        XCTAssertEqual(reports.map(\.file), files)
        XCTAssertNil(reports[0].failure)
        XCTAssertNotNil(reports[1].failure, "the truncated body is not read")
        XCTAssertGreaterThan(reports[0].appended, 0)
        XCTAssertGreaterThan(reports[2].appended, 0)
        XCTAssertEqual(reports[3].appended, 0)
        XCTAssertEqual(reports[3].duplicates, reports[0].appended, "the second copy adds nothing")
        let events = try connection.query("SELECT count(*) FROM civicpulse.events")[0].decode(Int.self, 0)
        XCTAssertEqual(events, reports[0].appended + reports[2].appended)
        let runs = try connection.query("SELECT count(*) FROM civicpulse.ingest_runs")[0].decode(Int.self, 0)
        XCTAssertEqual(runs, 3, "each file read has its run recorded, as ingest records it")
    }

    /// Each file of a group has its own run recorded, with its own counts, as `ingest` of the
    /// files one after the other would record them: the runs are inserted in one statement.
    func testEachFileOfAGroupHasItsOwnRunWithItsOwnCounts() throws {
        let comment = try ServeTestCase.fixture("webhook-comment-add.json")
        let files = [
            try write("1.json", try ServeTestCase.fixture("webhook-mention.json")),
            try write("2.json", comment),
            try write("3.json", try ServeTestCase.fixture("webhook-feed-changes.json")),
            try write("4.json", comment),
        ]
        let connection = try database.connect()
        var reports: [FileReport] = []
        try Self.ingestTogether(files, on: connection) { reports.append($0) }
        let runs = try connection.query("SELECT source_file, records_read, appended, duplicates FROM civicpulse.ingest_runs ORDER BY id").map {
            "\(try $0.decode(String.self, 0)) \(try $0.decode(Int.self, 1)) \(try $0.decode(Int.self, 2)) \(try $0.decode(Int.self, 3))"
        }
        XCTAssertEqual(runs, reports.map { "\($0.file) \($0.read) \($0.appended) \($0.duplicates)" })
        XCTAssertEqual(Set(reports.map { [$0.read, $0.appended, $0.duplicates] }).count, 4,
                       "the four files' counts differ, so a run recorded against another file shows")
    }

    /// A group is one transaction, and its files are reported only once it is committed.
    func testTheGroupCommitsAsOne() throws {
        let files = try (0..<3).map { try write("\($0).json", ServeTestCase.commentDelivery($0)) }
        let connection = try database.connect()
        let watcher = try database.connect()
        var seenDuringGroup: [Int] = []
        try Self.ingestTogether(files, on: connection) { _ in
            seenDuringGroup.append(try watcher.query("SELECT count(*) FROM civicpulse.events")[0].decode(Int.self, 0))
        }
        XCTAssertEqual(seenDuringGroup, [3, 3, 3], "reports come after the commit of all three")
        let transactions = try connection.query("SELECT count(DISTINCT tx_id)::int FROM civicpulse.events")[0].decode(Int.self, 0)
        XCTAssertEqual(transactions, 1)
    }

    /// The files as serve commits a group of deliveries: read together, then committed as one.
    /// A delivery whose every message was sent in a month `retention.events` dropped is refused
    /// on its report with ingest's words, and nothing of it appended; one sent since, in the same
    /// group, is appended. Serve's group commit appended both: a platform's redelivery of an
    /// old message brought back what retention had taken out.
    func testADeliveryOfAMonthRetentionDroppedIsRefusedAsIngestRefusesIt() throws {
        let connection = try database.connect()
        try connection.query("INSERT INTO civicpulse.dropped_months (month, events) VALUES ('2026-03-01', 4)")
        let march = try write("march.json", ServeTestCase.commentDelivery(1))
        let may = try write("may.json", Data(String(decoding: ServeTestCase.commentDelivery(2), as: UTF8.self)
            .replacingOccurrences(of: "\"created_time\":1772442900", with: "\"created_time\":1777888800").utf8))
        var reports: [FileReport] = []
        try Self.ingestTogether([march, may], on: connection) { reports.append($0) }
        XCTAssertEqual(reports.map(\.failure), ["every message in it was sent before 2026-04-01T00:00:00Z, in months retention.events "
            + "has dropped from the log (docs/privacy.md); nothing of it was appended", nil])
        XCTAssertEqual(reports.map(\.appended), [0, 1])
        XCTAssertEqual(try connection.query("SELECT source_id FROM civicpulse.events").map { try $0.decode(String.self, 0) },
                       ["200000000000001_900000002"])
        XCTAssertEqual(try connection.query("SELECT source_file FROM civicpulse.ingest_runs").map { try $0.decode(String.self, 0) }, [may])
    }

    private static func ingestTogether(_ files: [String], on connection: Connection, report: (FileReport) throws -> Void) throws {
        let ingestor = try Fixtures.ingestor(connection)
        try ingestor.ingestTogether(try GroupAppend(files: files, reader: ingestor.reader, as: .facebook), report: report)
    }
}
