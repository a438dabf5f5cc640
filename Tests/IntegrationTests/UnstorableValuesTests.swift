import Foundation
import Postgres
import XCTest

/// One value PostgreSQL cannot store used to abort a whole ingest run (SQLSTATE 22021, exit 1,
/// no file named, nothing quarantined, the next file never read). Now it costs its record at
/// most, and the other records and files land.
final class UnstorableValuesTests: FolderTestCase {
    /// A Twitter v2 page of `tweets` (id, text, created_at, extra members), written as `name`.
    private func page(_ name: String, _ tweets: [(id: String, text: String, at: String, extra: String)]) throws -> String {
        let data = tweets.map { #"{"id":"\#($0.id)","text":"\#($0.text)","author_id":"1500000000000000011","created_at":"\#($0.at)"\#($0.extra)}"# }
        let path = folder.appendingPathComponent(name).path
        try #"{"data":[\#(data.joined(separator: ","))],"meta":{"result_count":\#(tweets.count)}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testANULOrABadTimeCostsOneRecordNotTheRun() throws {
        let good = try page("good.json", [("1861000000000000401", "Bins missed on Elm St", "2026-11-16T09:00:00.000Z", "")])
        let bad = try page("nul.json", [
            ("1861000000000000402", #"Bins \u0000missed again"#, "2026-11-16T09:01:00.000Z", ""),
            ("1861000000000000403", "Library closed early", "2026-11-16T09:02:00.000Z", #","lang":"e\u0000n""#),
            ("1861000000000000404", "Dated in year zero", "0000-11-16T09:03:00.000Z", ""),
        ])
        let next = try page("good2.json", [("1861000000000000405", "Pothole on Quay St", "2026-11-16T09:04:00.000Z", "")])

        let ingested = try run(["ingest", "-q", good, bad, next])
        XCTAssertEqual(ingested.status, 3, "a record was quarantined: " + ingested.err)
        XCTAssertEqual(ingested.out.split(separator: "\n").map { String($0.split(separator: ":").last ?? "") }, [
            " 1 record read → 1 event appended, 0 already in the log, 0 records quarantined",
            " 3 records read → 2 events appended, 0 already in the log, 1 record quarantined",
            " 1 record read → 1 event appended, 0 already in the log, 0 records quarantined",
            " 3 files, 5 records read → 4 events appended, 0 already in the log, 1 record quarantined, 0 platform errors",
        ], ingested.out)
        XCTAssertTrue(ingested.err.contains("quarantined: \(bad): data[2] (id 1861000000000000404): field 'created_at': "
                                       + #""0000-11-16T09:03:00.000Z" is outside the years 2000 to 2099 the log takes"#), ingested.err)

        let connection = try database.connect()
        let bodies = try openedBodies(on: connection)
        let stored = try connection.query("""
            SELECT source_id, event_id::text, details ->> 'lang' FROM civicpulse.events ORDER BY source_id
            """).map { [try $0.decode(String.self, 0), (bodies[try $0.decode(String.self, 1)] ?? nil) ?? "", try $0.decode(String?.self, 2) ?? ""] }
        XCTAssertEqual(stored, [
            ["1861000000000000401", "Bins missed on Elm St", ""],
            ["1861000000000000402", "Bins \u{FFFD}missed again", ""],
            ["1861000000000000403", "Library closed early", "e\u{FFFD}n"],
            ["1861000000000000405", "Pothole on Quay St", ""],
        ])
        let quarantined = try connection.query("SELECT record_id, field FROM civicpulse.quarantine")
            .map { "\(try $0.decode(String.self, 0)) \(try $0.decode(String.self, 1))" }
        XCTAssertEqual(quarantined, ["1861000000000000404 created_at"])

        let inspected = try run(["inspect", "--strict", bad])
        XCTAssertEqual(inspected.status, 3, "inspect --strict agrees with ingest: " + inspected.out)
        XCTAssertTrue(inspected.out.contains("3 records read → 2 events (mention 2), 1 record quarantined"), inspected.out)
    }

    /// A file that is not JSON is named with where it stops being JSON, and the files after it are read.
    func testAFileThatIsNotJSONSaysWhereAndTheNextFileLands() throws {
        let broken = folder.appendingPathComponent("broken.json").path
        try "{\"data\":[\n{\"id\":\"1\",\"text\":\"cut".write(toFile: broken, atomically: true, encoding: .utf8)
        let next = try page("after.json", [("1861000000000000406", "Bins missed on Elm St", "2026-11-16T09:00:00.000Z", "")])
        let ingested = try run(["ingest", "-q", broken, next])
        XCTAssertEqual(ingested.status, 3)
        XCTAssertEqual(ingested.out.split(separator: "\n").first.map(String.init),
                       "\(broken): not ingested: line 2, byte 32: expected '\"' to close the string, but the text ends there (cut short?)"
                       + " (the file is neither JSON nor JSON Lines, one JSON object per line)")
        XCTAssertTrue(ingested.out.contains("\(next): Twitter API v2 response: 1 record read → 1 event appended"), ingested.out)
    }

    /// A file's name reaches the terminal in each of ingest's and inspect's lines: an escape
    /// sequence in it (here one that recolours the rest of the screen) is shown, not obeyed, as
    /// a record's own values already were (quoted as JSON).
    func testFileNamesAndRecordValuesReachTheTerminalShownNotObeyed() throws {
        let name = "mentions\u{1B}[31m.json"
        let path = try page(name, [("1861000000000000501", "Bins", #"\u001b[2J2026-11-16"#, "")])
        let ingested = try run(["ingest", "-q", path])
        let inspected = try run(["inspect", path])
        for (label, printed) in [("ingest out", ingested.out), ("ingest err", ingested.err), ("inspect", inspected.out)] {
            XCTAssertFalse(printed.unicodeScalars.contains("\u{1B}"), "\(label): \(printed.debugDescription)")
            XCTAssertTrue(printed.contains("\\u{1B}"), "\(label) shows where the escape was: \(printed.debugDescription)")
        }
        XCTAssertTrue(ingested.err.contains(#"not a timestamp: "\u001b[2J2026-11-16""#), ingested.err)
    }
}
