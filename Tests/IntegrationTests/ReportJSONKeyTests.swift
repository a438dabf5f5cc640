import Foundation
import XCTest

/// The JSON of `sla` and `summary` as a script reads it: every key snake_case, as the docs name
/// them, and the summary's keys there every week, `null` for a figure that cannot be computed.
final class ReportJSONKeyTests: FixtureWeekTestCase {
    func testTheSLAReportListsItemsAtRiskUnderAtRisk() throws {
        let sla = try run(["sla", "-q", "--from", "2026-11-16", "--to", "2026-11-22", "--as-of", "2026-11-23T09:40:00Z", "--format", "json"])
        XCTAssertEqual(sla.status, 0, sla.err)
        let json = try JSONSerialization.jsonObject(with: Data(sla.out.utf8)) as! [String: Any]
        XCTAssertEqual((json["at_risk"] as? [[String: Any]])?.compactMap { $0["platform_id"] as? String }, ["1003"], sla.out)
        XCTAssertEqual(Self.keys(in: json).filter { $0 != $0.lowercased() }, [])
    }

    func testTheSummaryHasNoCamelCaseKeys() throws {
        XCTAssertEqual(Self.keys(in: try summary(week: "2026-W47")).filter { $0 != $0.lowercased() }, [])
    }

    func testTheSummaryWritesNullForAFigureItCannotComputeInsteadOfLeavingItOut() throws {
        let busy = try summary(week: "2026-W47")
        let headline = busy["headline"] as! [String: Any]
        XCTAssertEqual(headline["reach"] as? [String: NSNull], ["current": NSNull(), "previous": NSNull(), "change": NSNull()],
                       "no reach figures from the platforms")
        XCTAssertEqual((headline["response_rate"] as? [String: Any])?["previous"] as? NSNull, NSNull(), "no questions the week before")
        XCTAssertEqual((busy["header"] as? [String: Any])?["as_of"] as? String, "2026-11-23T00:00:00Z", "dates as in every report")

        let empty = try summary(week: "2026-W40")
        XCTAssertTrue(empty["total"] is NSNull, "a week before the data has no figures, not zeros")
        XCTAssertEqual((empty["headline"] as? [String: Any])?["response_rate"] as? [String: NSNull],
                       ["current": NSNull(), "previous": NSNull(), "change": NSNull()], "nothing to divide by")
        XCTAssertEqual(Set(empty.keys), Set(busy.keys), "the same keys in an empty week as in a busy one")
        XCTAssertEqual(Set((empty["headline"] as! [String: Any]).keys), Set(headline.keys))
    }

    private func summary(week: String) throws -> [String: Any] {
        let summary = try run(["summary", "-q", "--week", week, "--format", "json"])
        XCTAssertEqual(summary.status, 0, summary.err)
        return try JSONSerialization.jsonObject(with: Data(summary.out.utf8)) as! [String: Any]
    }

    /// Every object key in a JSON value, however deep (service ids in maps too: they are lower case).
    static func keys(in value: Any) -> Set<String> {
        if let object = value as? [String: Any] {
            return object.reduce(into: Set(object.keys)) { $0.formUnion(keys(in: $1.value)) }
        }
        return (value as? [Any])?.reduce(into: Set<String>()) { $0.formUnion(keys(in: $1)) } ?? []
    }
}
