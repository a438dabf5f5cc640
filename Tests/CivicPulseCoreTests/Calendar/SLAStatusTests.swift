import XCTest
@testable import CivicPulseCore

final class SLAStatusTests: XCTestCase {
    private let office = CalendarFixtures.office()
    private func local(_ d: Int, _ h: Int, _ m: Int = 0, _ s: Int = 0) -> Date {
        CalendarFixtures.local(2026, 3, d, h, m, s) // March 2026: 9th is a Monday, 6th a Friday
    }

    private func status(_ opened: Date, _ due: Date, responded: Date? = nil, asOf: Date, clock: BusinessCalendar? = nil) -> SLAStatus {
        SLAStatus.evaluate(openedAt: opened, dueAt: due, respondedAt: responded, asOf: asOf, clock: clock ?? office)
    }

    func testAnsweredItemsAreMetUpToAndIncludingTheDeadline() {
        let opened = local(9, 9), due = local(9, 10)
        XCTAssertEqual(status(opened, due, responded: local(9, 9, 30), asOf: local(10, 9)), .met)
        XCTAssertEqual(status(opened, due, responded: due, asOf: local(10, 9)), .met)
        XCTAssertEqual(status(opened, due, responded: due.addingTimeInterval(0.001), asOf: local(10, 9)), .breached)
    }

    func testOpenItemsMoveFromWithinTargetToAtRiskAtExactlyEightyPercentThenBreach() {
        let opened = local(9, 9), due = local(9, 10) // 1 working hour
        XCTAssertEqual(status(opened, due, asOf: local(9, 9, 47, 59)), .openWithinTarget)
        XCTAssertEqual(status(opened, due, asOf: local(9, 9, 48)), .atRisk, "48 of 60 minutes is exactly 80%")
        XCTAssertEqual(status(opened, due, asOf: due), .atRisk, "not breached at the deadline itself")
        XCTAssertEqual(status(opened, due, asOf: due.addingTimeInterval(1)), .openBreached)
    }

    func testRiskIsMeasuredInOpenTimeSoAWeekendDoesNotCount() {
        // Friday 16:45 + 30 working minutes: due Monday 09:15. 15 minutes are used on Friday.
        let opened = local(6, 16, 45), due = local(9, 9, 15)
        XCTAssertEqual(status(opened, due, asOf: local(8, 12)), .openWithinTarget, "Sunday: still 50% used")
        XCTAssertEqual(status(opened, due, asOf: local(9, 9, 8)), .openWithinTarget, "23 of 30 minutes")
        XCTAssertEqual(status(opened, due, asOf: local(9, 9, 9)), .atRisk, "24 of 30 minutes is 80%")
    }

    func testElapsedTargetsMeasureRiskOnThe24HourClock() {
        // Urgent: 1 hour from Friday 16:45 is 17:45, and 80% is at 17:33.
        let always = BusinessCalendar.alwaysOpen()
        let opened = local(6, 16, 45), due = local(6, 17, 45)
        XCTAssertEqual(status(opened, due, asOf: local(6, 17, 32, 59), clock: always), .openWithinTarget)
        XCTAssertEqual(status(opened, due, asOf: local(6, 17, 33), clock: always), .atRisk)
        XCTAssertEqual(status(opened, due, asOf: local(6, 17, 46), clock: always), .openBreached)
    }

    func testAResponseAfterAsOfIsNotYetKnown() {
        let opened = local(9, 9), due = local(9, 10)
        XCTAssertEqual(status(opened, due, responded: local(9, 11), asOf: local(9, 9, 10)), .openWithinTarget)
        XCTAssertEqual(status(opened, due, responded: local(9, 11), asOf: local(9, 10, 30)), .openBreached)
        XCTAssertEqual(status(opened, due, responded: local(9, 11), asOf: local(9, 11)), .breached)
        XCTAssertTrue(SLAStatus.openBreached.isOpen)
        XCTAssertFalse(SLAStatus.breached.isOpen)
        XCTAssertEqual(SLAStatus.atRisk.description, "at_risk")
    }
}
