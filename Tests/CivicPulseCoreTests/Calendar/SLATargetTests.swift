import XCTest
@testable import CivicPulseCore

final class SLATargetTests: XCTestCase {
    private let office = CalendarFixtures.office()

    func testParsesAndPrintsCanonically() throws {
        let cases = [
            ("30 working minutes", "30 working minutes", 30, SLATarget.Unit.minute, SLATarget.Clock.working),
            ("1 working hour", "1 working hour", 1, .hour, .working),
            ("4  Working HOURS", "4 working hours", 4, .hour, .working),
            ("2 working days", "2 working days", 2, .day, .working),
            ("1 working day", "1 working day", 1, .day, .working),
            ("1 business days", "1 working day", 1, .day, .working),
            ("4 hours", "4 hours", 4, .hour, .elapsed),
            ("30 minutes", "30 minutes", 30, .minute, .elapsed),
            ("45 mins", "45 minutes", 45, .minute, .elapsed),
            ("2 days", "2 days", 2, .day, .elapsed),
        ]
        for (text, canonical, amount, unit, clock) in cases {
            let target = try SLATarget(parsing: text)
            XCTAssertEqual(target.description, canonical, text)
            XCTAssertEqual([target.amount], [amount], text)
            XCTAssertEqual(target.unit, unit, text)
            XCTAssertEqual(target.clock, clock, text)
            XCTAssertEqual(try SLATarget(parsing: target.description), target, "round trip of \(text)")
        }
    }

    func testRejectsWhatIsNotATarget() {
        for text in ["2 wrking days", "two working days", "2 working", "working days", "2 weeks", "-1 hours", "0 hours", "2 working working days", ""] {
            XCTAssertThrowsError(try SLATarget(parsing: text), text) { error in
                XCTAssertTrue(error is CalendarRuleError, text)
            }
        }
        XCTAssertThrowsError(try SLATarget(parsing: "2 wrking days")) { error in
            XCTAssertEqual((error as? CalendarRuleError)?.message,
                           "'2 wrking days' is not an SLA target; write a number, optionally 'working', then minutes, hours or days "
                               + "(e.g. '30 working minutes', '2 working days', '4 hours')")
        }
    }

    func testDeadlines() throws {
        let friday = CalendarFixtures.local(2026, 3, 6, 16, 45)
        XCTAssertEqual(try SLATarget(parsing: "30 working minutes").deadline(from: friday, calendar: office), CalendarFixtures.local(2026, 3, 9, 9, 15))
        XCTAssertEqual(try SLATarget(parsing: "1 working hour").deadline(from: friday, calendar: office), CalendarFixtures.local(2026, 3, 9, 9, 45))
        XCTAssertEqual(try SLATarget(parsing: "1 working day").deadline(from: friday, calendar: office), CalendarFixtures.local(2026, 3, 9, 16, 45))
        XCTAssertEqual(try SLATarget(parsing: "4 hours").deadline(from: friday, calendar: office), CalendarFixtures.local(2026, 3, 6, 20, 45))
        // "2 days" is 48 elapsed hours: across the spring change that is 17:45 on the wall clock.
        XCTAssertEqual(try SLATarget(parsing: "2 days").deadline(from: CalendarFixtures.local(2026, 3, 27, 16, 45), calendar: office),
                       CalendarFixtures.local(2026, 3, 29, 17, 45))
        let bankHolidayFriday = CalendarFixtures.local(2026, 5, 1, 16, 45)
        XCTAssertEqual(try SLATarget(parsing: "30 working minutes").deadline(from: bankHolidayFriday, calendar: office),
                       CalendarFixtures.local(2026, 5, 5, 9, 15))
    }

    func testClockCalendarIsTheServicesForWorkingTargetsOnly() throws {
        XCTAssertFalse(try SLATarget(parsing: "2 working days").clockCalendar(for: office).isAlwaysOpen)
        XCTAssertTrue(try SLATarget(parsing: "2 days").clockCalendar(for: office).isAlwaysOpen)
    }
}
