import CivicPulseReports
import Foundation
import XCTest

/// The heatmap's pure parts, without a database: its four shades and which weekday-hours a
/// period has (docs/calendars-and-sla.md, "The heatmap").
final class HeatmapShadeTests: XCTestCase {
    func testFourEqualStepsUpToTheLargestValue() {
        let shade = Shade(maximum: 10)
        XCTAssertEqual([nil, 0, 1, 2.5, 3, 5, 7.5, 8, 10].map(shade.level), [0, 1, 1, 1, 2, 2, 3, 4, 4])
        XCTAssertEqual(shade.countLegend(), ["░ 1–2", "▒ 3–5", "▓ 6–7", "█ 8–10"])
        XCTAssertEqual(Shade(maximum: 2).countLegend(), ["▒ 1", "█ 2"], "no whole count is in the first or third step")
        XCTAssertEqual(Shade(maximum: 3600).durationLegend(), ["░ ≤ 15m", "▒ ≤ 30m", "▓ ≤ 45m", "█ ≤ 1h 00m"])
    }

    func testAWeekHasEveryHourButTheOneTheClocksSkip() throws {
        let london = try XCTUnwrap(TimeZone(identifier: "Europe/London"))
        func week(from start: String, to end: String) throws -> Set<WeekHours.Cell> {
            WeekHours.covered(from: try Date(start, strategy: .iso8601), to: try Date(end, strategy: .iso8601), in: london)
        }
        // 23 to 29 March 2026: Sunday 29th jumps from 01:00 GMT to 02:00 BST.
        let march = try week(from: "2026-03-23T00:00:00Z", to: "2026-03-29T23:00:00Z")
        XCTAssertEqual(march.count, 7 * 24 - 1)
        XCTAssertFalse(march.contains(WeekHours.Cell(day: 6, hour: 1)))
        // 19 to 25 October 2026: Sunday 25th has two hours 01; every weekday-hour once.
        XCTAssertEqual(try week(from: "2026-10-18T23:00:00Z", to: "2026-10-26T00:00:00Z").count, 7 * 24)
        // Cut at Wednesday 12:30 BST: Wednesday 12:00-13:00 has begun, 13:00 has not.
        let cut = try week(from: "2026-10-18T23:00:00Z", to: "2026-10-21T11:30:00Z")
        XCTAssertTrue(cut.contains(WeekHours.Cell(day: 2, hour: 12)))
        XCTAssertFalse(cut.contains(WeekHours.Cell(day: 2, hour: 13)))
        XCTAssertEqual(cut.count, 2 * 24 + 13)
    }
}
