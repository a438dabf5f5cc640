import Foundation
import XCTest

/// The business-hours median of the demo week is 0 s: most answers came while the services were
/// closed (weekends, nights), taking no business time. `sla` says so beside the figure, which
/// read as a fault in every trial.
final class SLABusinessHoursTests: DatabaseTestCase {
    func testAZeroBusinessHoursMedianSaysHowManyAnswersCameWhileClosed() throws {
        let samples = Fixtures.root.appendingPathComponent("samples/harbourside").path
        XCTAssertNotEqual(try run(["ingest", "-q", samples]).status, 1)
        XCTAssertEqual(try run(["process", "-q"]).status, 0)

        let closed = try database.connect().query("""
            SELECT count(*) FILTER (WHERE business_response_seconds = 0), count(responded_at)
            FROM projections.response_items
            WHERE opened_at >= '2026-11-16T00:00:00Z' AND opened_at < '2026-11-23T00:00:00Z'
            """)[0]
        let (inClosedHours, answered) = (try closed.decode(Int.self, 0), try closed.decode(Int.self, 1))
        XCTAssertGreaterThan(inClosedHours * 2, answered, "the demo week's answers are mostly out of hours")

        let text = try run(["sla", "-q", "--from", "2026-11-16", "--to", "2026-11-22"])
        let line = try XCTUnwrap(text.out.split(separator: "\n").first { $0.hasPrefix("First response (business hours)") }, text.out)
        let count = { (n: Int) in n.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_GB"))) }
        XCTAssertEqual(String(line), "First response (business hours): median 0s; \(count(inClosedHours)) of \(count(answered)) answers came while the service was closed, taking no business time (sla.out_of_hours_answer: zero)")

        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try run(["sla", "-q", "--from", "2026-11-16", "--to", "2026-11-22", "--format", "json"]).out.utf8)) as? [String: Any])
        XCTAssertEqual((json["stats"] as? [String: Any])?["answered_in_closed_hours"] as? Int, inClosedHours, "\(json.keys)")
    }
}
