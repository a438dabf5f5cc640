import Foundation
import XCTest

/// `civicpulse quarantine` lists what still needs fixing: a record a later ingest of its file
/// accepted is resolved, and shown only with `--all`.
final class QuarantineCommandTests: FolderTestCase {
    /// A listening export of four mentions, those whose index is in `broken` with a time that is not one.
    private func mentions(broken: Set<Int>) throws -> String {
        let path = folder.appendingPathComponent("mentions-broken.jsonl").path
        let lines = (0..<4).map { index in
            let time = broken.contains(index) ? "soon" : "2026-11-21T0\(index):00:00Z"
            return #"{"platform":"twitter","id":"90\#(index)","author":"3000\#(index)","text":"Quay St is flooded","time":"\#(time)","url":null}"#
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func listed(_ arguments: [String] = []) throws -> [String] {
        let result = try run(["quarantine", "-q", "--file", "mentions-broken"] + arguments)
        XCTAssertEqual(result.status, 0, result.err)
        return result.out.split(separator: "\n").map(String.init)
    }

    func testFixingTheFileAndIngestingItAgainResolvesItsRecords() throws {
        let file = try mentions(broken: [1, 2, 3])
        XCTAssertEqual(try run(["ingest", "-q", file]).status, 3)
        let quarantined = try listed()
        XCTAssertEqual(quarantined.count, 3, quarantined.joined(separator: "\n"))
        for (line, number) in zip(quarantined, [2, 3, 4]) {
            XCTAssertNotNil(line.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z  "#, options: .regularExpression), "when: \(line)")
            XCTAssertTrue(line.hasSuffix("mentions-broken.jsonl: line \(number) (id 90\(number - 1)): field 'time': not a timestamp: \"soon\""), line)
        }

        let fixed = try run(["ingest", "-q", try mentions(broken: [])])
        XCTAssertEqual(fixed.status, 0, fixed.err)
        XCTAssertTrue(fixed.out.contains("3 events appended, 1 already in the log, 0 records quarantined"), fixed.out)
        XCTAssertEqual(try listed(), ["no unresolved quarantined records (3 resolved: --all lists them)"])
        let all = try listed(["--all"])
        XCTAssertEqual(all.count, 3)
        XCTAssertTrue(all.allSatisfy { $0.range(of: #"\(resolved \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\)$"#, options: .regularExpression) != nil }, all.joined(separator: "\n"))
    }

    func testALimitedListSaysThereAreMore() throws {
        XCTAssertEqual(try run(["ingest", "-q", try mentions(broken: [1, 2, 3])]).status, 3)
        let one = try listed(["--limit", "1"])
        XCTAssertEqual(one.count, 2, one.joined(separator: "\n"))
        XCTAssertEqual(one.last, "… and 2 more: --limit 3 lists them all")
        XCTAssertEqual(try listed(["--limit", "3"]).count, 3, "all three, and nothing said of more")
        let none = try run(["quarantine", "-q", "--limit", "0"])
        XCTAssertEqual(none.status, 64)
        XCTAssertTrue(none.err.hasPrefix("Error: --limit must be from 1 to 1000000 (got 0)"), none.err)
    }

    /// The JSON form holds what the text does, field by field, and the total a cut list leaves out.
    func testJSONListsEachRecordFieldByFieldAndTheTotal() throws {
        XCTAssertEqual(try run(["ingest", "-q", try mentions(broken: [1, 2, 3])]).status, 3)
        let result = try run(["quarantine", "-q", "--file", "mentions-broken", "--limit", "2", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.err)
        let listing = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any], result.out)
        XCTAssertEqual(listing["total"] as? Int, 3)
        let records = try XCTUnwrap(listing["records"] as? [[String: Any]])
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(Set(records.compactMap { $0["record_id"] as? String }).isSubset(of: ["901", "902", "903"]), true, result.out)
        for record in records {
            XCTAssertEqual(record["field"] as? String, "time")
            XCTAssertEqual(record["reason"] as? String, #"not a timestamp: "soon""#)
            XCTAssertTrue((record["file"] as? String)?.hasSuffix("mentions-broken.jsonl") == true, result.out)
            XCTAssertTrue(record["resolved_at"] is NSNull, "null while unresolved: \(result.out)")
            XCTAssertNotNil(record["quarantined_at"] as? String)
        }
        // A file ingest never read is a typo, refused in JSON too rather than listed as empty.
        let unknown = try run(["quarantine", "-q", "--file", "no-such-file", "--format", "json"])
        XCTAssertEqual(unknown.status, 64, unknown.err)
        XCTAssertEqual(unknown.out, "")
    }

    func testARecordOnlyPartlyFixedOrBrokenAgainStaysListed() throws {
        XCTAssertEqual(try run(["ingest", "-q", try mentions(broken: [1, 2])]).status, 3)
        XCTAssertEqual(try run(["ingest", "-q", try mentions(broken: [2])]).status, 3)
        XCTAssertEqual(try listed().map { $0.contains("line 3 (id 902)") }, [true], "line 2 was fixed, line 3 was not")

        XCTAssertEqual(try run(["ingest", "-q", try mentions(broken: [1, 2])]).status, 3)
        XCTAssertEqual(try listed().count, 2, "line 2 broke again")
        XCTAssertEqual(try listed(["--all"]).filter { $0.contains("(resolved") }, [])
    }
}
