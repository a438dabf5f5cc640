import CivicPulseReports
import Foundation
import XCTest

/// How `alerts` and `incident` read durations and times, and draw sparklines (no database).
final class AlertsArgumentTests: XCTestCase {
    private let london = TimeZone(identifier: "Europe/London")!

    func testDurationsAsPeopleWriteThem() throws {
        XCTAssertEqual(try ReportTime.duration("1h"), 3600)
        XCTAssertEqual(try ReportTime.duration("45m"), 2700)
        XCTAssertEqual(try ReportTime.duration("90min"), 5400)
        XCTAssertEqual(try ReportTime.duration("1h30m"), 5400)
        XCTAssertEqual(try ReportTime.duration("1h 30m"), 5400)
        XCTAssertEqual(try ReportTime.duration("2d"), 172_800)
        XCTAssertEqual(try ReportTime.duration("1w"), 604_800)
        for bad in ["", "h", "an hour", "1", "1y", "-1h", "0m"] {
            XCTAssertThrowsError(try ReportTime.duration(bad), bad)
        }
        XCTAssertEqual(ReportTime.describe(5400), "1h 30m")
    }

    func testTimesWithoutAZoneAreTheOrgsWallClock() throws {
        // 1 July is BST: local 14:00 is 13:00Z; 21 November is GMT.
        XCTAssertEqual(try ReportTime.parse("2026-07-01T14:00", in: london), utc("2026-07-01T13:00:00Z"))
        XCTAssertEqual(try ReportTime.parse("2026-07-01 14:00", in: london), utc("2026-07-01T13:00:00Z"))
        XCTAssertEqual(try ReportTime.parse("2026-07-01", in: london), utc("2026-06-30T23:00:00Z"))
        XCTAssertEqual(try ReportTime.parse("2026-11-21T14:00", in: london), utc("2026-11-21T14:00:00Z"))
        XCTAssertEqual(try ReportTime.parse("2026-07-01T14:00:00Z", in: london), utc("2026-07-01T14:00:00Z"))
        XCTAssertEqual(try ReportTime.parse("2026-07-01T14:00:00+02:00", in: london), utc("2026-07-01T12:00:00Z"))
        XCTAssertThrowsError(try ReportTime.parse("yesterday", in: london))
        XCTAssertThrowsError(try ReportTime.parse("2026-07-01T25:00", in: london))
        XCTAssertEqual(ReportTime.label(utc("2026-07-01T13:00:00Z"), in: london), "Wed 1 Jul 14:00")
    }

    func testSparklinesScaleToTheBusiestHour() {
        XCTAssertEqual(Sparkline.render(counts: [0, 1, 2, 3, 4, 5, 6, 7]), "▁▂▃▄▅▆▇█")
        XCTAssertEqual(Sparkline.render(counts: [4, 4, 34, 34, 3]), "▂▂██▂")
        XCTAssertEqual(Sparkline.render(counts: [0, 0]), "▁▁")
        XCTAssertEqual(Sparkline.render(counts: []), "")
    }

    func testLongSparklinesAreDrawnSeveralHoursABlock() {
        XCTAssertEqual(Sparkline.render(counts: [0, 0, 7, 7, 7], width: 5), "▁▁███", "short enough: one block an hour")
        XCTAssertEqual(Sparkline.render(counts: [0, 0, 7, 7, 7], width: 2), "▃█", "3 hours a block, by their mean")
        XCTAssertEqual(Sparkline.countsPerBlock(840, width: 72), 12)
        XCTAssertEqual(Sparkline.render(counts: Array(repeating: 3, count: 840), width: 72).count, 70)
    }
}
