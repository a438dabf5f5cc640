import Foundation
import XCTest

/// The JSON of `sla` and `summary` as a script reads it: every key snake_case, as the docs name them.
final class ReportJSONKeyTests: DatabaseTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        _ = try run(["ingest", "-q", Fixtures.path("harbourside-tweets.json"), Fixtures.path("harbourside-tweets-monday.json")])
        XCTAssertEqual(try run(["process", "-q"]).status, 0)
    }

    func testTheSLAReportListsItemsAtRiskUnderAtRisk() throws {
        let sla = try run(["sla", "-q", "--from", "2026-11-16", "--to", "2026-11-22", "--as-of", "2026-11-23T09:40:00Z", "--format", "json"])
        XCTAssertEqual(sla.status, 0, sla.err)
        let json = try JSONSerialization.jsonObject(with: Data(sla.out.utf8)) as! [String: Any]
        XCTAssertEqual((json["at_risk"] as? [[String: Any]])?.compactMap { $0["platform_id"] as? String }, ["1003"], sla.out)
        XCTAssertEqual(Self.keys(in: json).filter { $0 != $0.lowercased() }, [])
    }

    func testTheSummaryHasNoCamelCaseKeys() throws {
        let summary = try run(["summary", "-q", "--week", "2026-W47", "--format", "json"])
        XCTAssertEqual(summary.status, 0, summary.err)
        let json = try JSONSerialization.jsonObject(with: Data(summary.out.utf8))
        XCTAssertEqual(Self.keys(in: json).filter { $0 != $0.lowercased() }, [])
    }

    /// Every object key in a JSON value, however deep (service ids in maps too: they are lower case).
    static func keys(in value: Any) -> Set<String> {
        if let object = value as? [String: Any] {
            return object.reduce(into: Set(object.keys)) { $0.formUnion(keys(in: $1.value)) }
        }
        return (value as? [Any])?.reduce(into: Set<String>()) { $0.formUnion(keys(in: $1)) } ?? []
    }
}
