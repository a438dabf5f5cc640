import XCTest
@testable import CivicPulseCore

final class CalendarArithmeticTests: XCTestCase {
    private let office = CalendarFixtures.office()
    private func local(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0) -> Date {
        CalendarFixtures.local(y, m, d, h, min)
    }

    func testFriday1645PlusThirtyWorkingMinutesIsMonday0915() {
        // 2026-03-06 is a Friday (GMT).
        XCTAssertEqual(office.adding(businessSeconds: 30 * 60, to: local(2026, 3, 6, 16, 45)), local(2026, 3, 9, 9, 15))
        XCTAssertEqual(office.adding(businessSeconds: 30 * 60, to: local(2026, 3, 6, 16, 45)), CalendarFixtures.utc(2026, 3, 9, 9, 15))
    }

    func testBankHolidayMondayMovesItToTuesday0915() {
        // Early May 2026: Monday 4th; summer 2026: Monday 31 August. BST, so 09:15 is 08:15 UTC.
        XCTAssertEqual(office.adding(businessSeconds: 1800, to: local(2026, 5, 1, 16, 45)), CalendarFixtures.utc(2026, 5, 5, 8, 15))
        XCTAssertEqual(office.adding(businessSeconds: 1800, to: local(2026, 8, 28, 16, 45)), local(2026, 9, 1, 9, 15))
        let noHolidays = CalendarFixtures.office(nil)
        XCTAssertEqual(noHolidays.adding(businessSeconds: 1800, to: local(2026, 5, 1, 16, 45)), local(2026, 5, 4, 9, 15))
    }

    func testUsingUpAnIntervalExactlyEndsAtClosingTime() {
        XCTAssertEqual(office.adding(businessSeconds: 1800, to: local(2026, 3, 6, 16, 30)), local(2026, 3, 6, 17, 0))
        XCTAssertEqual(office.adding(businessSeconds: 1801, to: local(2026, 3, 6, 16, 30)), local(2026, 3, 9, 9, 0) + 1)
    }

    func testSundayNight2330MessageStartsMondayMorning() {
        XCTAssertEqual(office.adding(businessSeconds: 1800, to: local(2026, 3, 1, 23, 30)), local(2026, 3, 2, 9, 30))
        XCTAssertEqual(office.businessSeconds(from: local(2026, 3, 1, 23, 30), to: local(2026, 3, 2, 9, 30)), 1800)
        XCTAssertEqual(office.nextOpening(atOrAfter: local(2026, 3, 1, 23, 30)), local(2026, 3, 2, 9, 0))
    }

    func testChristmas2026WorkingDaysSkipFridayWeekendAndSubstituteMonday() {
        // Thu 24th, then Fri 25th (Christmas), Sat, Sun, Mon 28th (Boxing Day substitute): next is Tue 29th.
        XCTAssertEqual(office.adding(workingDays: 1, to: local(2026, 12, 24, 10)), local(2026, 12, 29, 10))
        XCTAssertEqual(office.adding(workingDays: 2, to: local(2026, 12, 24, 10)), local(2026, 12, 30, 10))
        XCTAssertEqual(office.adding(businessSeconds: 1800, to: local(2026, 12, 24, 16, 45)), local(2026, 12, 29, 9, 15))
        XCTAssertEqual(office.businessSeconds(from: local(2026, 12, 24, 9), to: local(2026, 12, 29, 17)), 16 * 3600)
    }

    func testScotlandNewYear2027SubstituteMonday() {
        let scottish = CalendarFixtures.office(.scotland)
        // Thu 31 Dec 2026: Fri 1 Jan closed, weekend, Mon 4 Jan is the 2 January substitute.
        XCTAssertEqual(scottish.adding(businessSeconds: 1800, to: local(2026, 12, 31, 16, 45)), local(2027, 1, 5, 9, 15))
        XCTAssertEqual(office.adding(businessSeconds: 1800, to: local(2026, 12, 31, 16, 45)), local(2027, 1, 4, 9, 15))
    }

    func testWorkingDaysKeepTheLocalTimeFromTheNextOpening() {
        // 2026-03-09 is a Monday.
        XCTAssertEqual(office.adding(workingDays: 2, to: local(2026, 3, 9, 10)), local(2026, 3, 11, 10))
        XCTAssertEqual(office.adding(workingDays: 2, to: local(2026, 3, 7, 14)), local(2026, 3, 11, 9), "Saturday counts from Monday 09:00")
        XCTAssertEqual(office.adding(workingDays: 1, to: local(2026, 3, 9, 18)), local(2026, 3, 11, 9), "after hours counts from Tuesday 09:00")
        XCTAssertEqual(office.adding(workingDays: 1, to: local(2026, 3, 13, 12)), local(2026, 3, 16, 12), "Friday to Monday")
        XCTAssertEqual(office.adding(workingDays: 0, to: local(2026, 3, 7, 14)), local(2026, 3, 9, 9))
    }

    func testWorkingDayLandingOutsideThatDaysHoursClampsWithinTheDay() {
        let saturdays = BusinessCalendar(timeZone: CalendarFixtures.london, hours: CalendarFixtures.hours([
            ("mon", "09:00-17:00"), ("tue", "09:00-12:00, 13:00-17:00"), ("wed-fri", "09:00-17:00"), ("sat", "09:00-12:30"),
        ]), bankHolidays: .englandAndWales)
        XCTAssertEqual(saturdays.adding(workingDays: 1, to: local(2026, 3, 13, 15)), local(2026, 3, 14, 12, 30), "Saturday closes 12:30")
        XCTAssertEqual(saturdays.adding(workingDays: 1, to: local(2026, 3, 14, 10)), local(2026, 3, 16, 10), "Saturday to Monday")
        XCTAssertEqual(saturdays.adding(workingDays: 1, to: local(2026, 3, 9, 12, 30)), local(2026, 3, 10, 13), "lunch break: reopening")
        XCTAssertEqual(saturdays.adding(businessSeconds: 6 * 3600, to: local(2026, 3, 13, 15)), local(2026, 3, 16, 9, 30),
                       "Fri 2h + Sat 3h30 + Mon 30m")
        XCTAssertEqual(saturdays.adding(businessSeconds: 4 * 3600, to: local(2026, 3, 13, 15)), local(2026, 3, 14, 11))
        XCTAssertEqual(saturdays.businessSeconds(from: local(2026, 3, 10, 11), to: local(2026, 3, 10, 14)), 2 * 3600)
    }

    func testIsOpenAndNextOpeningAtBoundaries() {
        XCTAssertTrue(office.isOpen(at: local(2026, 3, 9, 9)))
        XCTAssertTrue(office.isOpen(at: local(2026, 3, 9, 16, 59)))
        XCTAssertFalse(office.isOpen(at: local(2026, 3, 9, 17)), "closing time is not open")
        XCTAssertFalse(office.isOpen(at: local(2026, 3, 9, 8, 59)))
        XCTAssertFalse(office.isOpen(at: local(2026, 5, 4, 12)), "bank holiday")
        XCTAssertFalse(office.isOpen(at: local(2026, 3, 7, 12)), "Saturday")
        XCTAssertEqual(office.nextOpening(atOrAfter: local(2026, 3, 9, 17)), local(2026, 3, 10, 9))
        XCTAssertEqual(office.nextOpening(atOrAfter: local(2026, 3, 9, 12)), local(2026, 3, 9, 12))
    }

    func testClosuresAndOpenOnOverrideTheHolidayList() {
        let custom = CalendarFixtures.office(closures: [CalendarFixtures.date("2026-12-24")], openOn: [CalendarFixtures.date("2026-12-28")])
        XCTAssertFalse(custom.isOpen(at: local(2026, 12, 24, 10)))
        XCTAssertTrue(custom.isOpen(at: local(2026, 12, 28, 10)))
        XCTAssertEqual(custom.adding(businessSeconds: 1800, to: local(2026, 12, 23, 16, 45)), local(2026, 12, 28, 9, 15))
        XCTAssertTrue(custom.isClosed(on: CalendarFixtures.date("2026-12-25")))
        XCTAssertFalse(custom.isWorkingDay(CalendarFixtures.date("2026-12-26")), "Saturday has no hours")
    }

    func testBusinessSecondsIsZeroWhenToIsNotAfterFrom() {
        XCTAssertEqual(office.businessSeconds(from: local(2026, 3, 9, 12), to: local(2026, 3, 9, 12)), 0)
        XCTAssertEqual(office.businessSeconds(from: local(2026, 3, 9, 12), to: local(2026, 3, 9, 11)), 0)
        XCTAssertEqual(office.businessSeconds(from: local(2026, 3, 9, 0), to: local(2026, 3, 16, 0)), 5 * 8 * 3600)
    }

    func testMillisecondsAreKeptWhileOpen() {
        let start = local(2026, 3, 9, 10).addingTimeInterval(0.123)
        XCTAssertEqual(office.adding(businessSeconds: 60, to: start).timeIntervalSince1970,
                       start.timeIntervalSince1970 + 60, accuracy: 0.0005)
        XCTAssertEqual(office.adding(businessSeconds: 0, to: start), start)
    }

    func testNeverOpenCalendarNeverReachesADeadline() {
        let never = BusinessCalendar(hours: try! OpeningHours([:]), bankHolidays: nil)
        XCTAssertEqual(never.adding(businessSeconds: 60, to: local(2026, 3, 9, 10)), .distantFuture)
        XCTAssertEqual(never.nextOpening(atOrAfter: local(2026, 3, 9, 10)), .distantFuture)
        XCTAssertFalse(never.isOpen(at: local(2026, 3, 9, 10)))
    }

    func testAlwaysOpenIsElapsedTime() {
        let always = BusinessCalendar.alwaysOpen()
        let start = local(2026, 12, 25, 23, 30)
        XCTAssertEqual(always.adding(businessSeconds: 3600, to: start), start + 3600)
        XCTAssertEqual(always.businessSeconds(from: start, to: start + 90_000), 90_000)
        XCTAssertTrue(always.isOpen(at: start))
        XCTAssertEqual(always.adding(workingDays: 2, to: start), local(2026, 12, 27, 23, 30))
    }
}
