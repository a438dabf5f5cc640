import Foundation
import XCTest

/// `--as-of` on the report commands: with no period given, the period is the one up to the as-of,
/// and an as-of before the period starts is refused rather than reported as an empty week.
final class AsOfCommandTests: FixtureWeekTestCase {
    func testTheSLAReportAsOfMondayMorningCoversTheWeekUpToIt() throws {
        let sla = try run(["sla", "-q", "--as-of", "2026-11-23T09:40:00Z", "--limit", "15"])
        XCTAssertEqual(sla.status, 0, sla.err)
        XCTAssertTrue(sla.out.hasPrefix("Harbourside Borough Council — response SLAs, 2026-11-17 to 2026-11-23 (Europe/London), as of 2026-11-23 09:40"), sla.out)
        XCTAssertTrue(sla.out.contains("At risk now, urgent first (pick these up first): 1"), sla.out)
    }

    func testTheDashboardAsOfAPastDayEndsOnThatDay() throws {
        let dashboard = try run(["dashboard", "-q", "--as-of", "2026-11-22T18:00:00Z", "--format", "json"])
        XCTAssertEqual(dashboard.status, 0, dashboard.err)
        let header = (try JSONSerialization.jsonObject(with: Data(dashboard.out.utf8)) as! [String: Any])["header"] as! [String: Any]
        XCTAssertEqual([header["from"] as? String, header["to"] as? String], ["2026-11-16", "2026-11-22"])
    }

    func testTheSummaryAsOfMondayMorningIsOfTheWeekJustEnded() throws {
        let summary = try run(["summary", "-q", "--as-of", "2026-11-23T09:40:00Z"])
        XCTAssertEqual(summary.status, 0, summary.err)
        XCTAssertTrue(summary.out.hasPrefix("Harbourside Borough Council — weekly summary\nWeek 2026-W47: 2026-11-16 to 2026-11-22\n"), summary.out)
    }

    func testAnAsOfBeforeThePeriodStartsIsRefused() throws {
        for arguments in [["sla", "--from", "2026-11-16", "--to", "2026-11-22"], ["dashboard", "--from", "2026-11-16"],
                          ["summary", "--week", "2026-W47"], ["reach", "--week", "2026-W47"]] {
            let refused = try run(arguments + ["-q", "--as-of", "2026-11-15T12:00:00Z"])
            XCTAssertEqual(refused.status, 64, "\(arguments[0]): a bad argument")
            XCTAssertEqual(refused.err.split(separator: "\n").first,
                           "Error: --as-of 2026-11-15 12:00 is before the period starts (2026-11-16, Europe/London)", refused.err)
            XCTAssertEqual(refused.out, "", "\(arguments[0]) printed a report")
        }
    }
}
