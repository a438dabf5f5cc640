import XCTest
@testable import CivicPulseCore

/// Europe/London changes at 01:00 UTC on the last Sunday of March (to BST) and of October (to GMT).
final class CalendarDSTTests: XCTestCase {
    private let office = CalendarFixtures.office()
    private func utc(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date {
        CalendarFixtures.utc(y, m, d, h, min)
    }
    /// 00:00-24:00 every day in London, but not flagged 24/7: exercises the day walk itself.
    private let localAllDay = BusinessCalendar(timeZone: CalendarFixtures.london, hours: .allDay, bankHolidays: nil)

    func testBusinessSecondsAcrossSpringForwardWeekendIsTwoHours() {
        // Fri 27 Mar 16:00 GMT (16:00Z) to Mon 30 Mar 10:00 BST (09:00Z).
        XCTAssertEqual(office.businessSeconds(from: utc(2026, 3, 27, 16), to: utc(2026, 3, 30, 9)), 7200)
    }

    func testBusinessSecondsAcrossFallBackWeekendIsTwoHours() {
        // Fri 23 Oct 16:00 BST (15:00Z) to Mon 26 Oct 10:00 GMT (10:00Z).
        XCTAssertEqual(office.businessSeconds(from: utc(2026, 10, 23, 15), to: utc(2026, 10, 26, 10)), 7200)
    }

    func testOpeningTimeFollowsTheWallClockAfterEachChange() {
        XCTAssertEqual(office.adding(businessSeconds: 1800, to: utc(2026, 3, 27, 16, 45)), utc(2026, 3, 30, 8, 15), "09:15 BST")
        XCTAssertEqual(office.adding(businessSeconds: 1800, to: utc(2026, 10, 23, 15, 45)), utc(2026, 10, 26, 9, 15), "09:15 GMT")
        XCTAssertEqual(office.nextOpening(atOrAfter: utc(2026, 3, 28)), utc(2026, 3, 30, 8))
    }

    func testCalendarClockHourFromFirstOneThirtyOnFallBackNightIsOneThirtyUTC() throws {
        // 01:30 BST = 00:30Z; an elapsed hour later the wall clock shows 01:30 again (GMT).
        let start = utc(2026, 10, 25, 0, 30)
        let target = try SLATarget(parsing: "1 hour")
        XCTAssertEqual(target.deadline(from: start, calendar: office), utc(2026, 10, 25, 1, 30))
        XCTAssertEqual(localAllDay.adding(businessSeconds: 3600, to: start), utc(2026, 10, 25, 1, 30))
        XCTAssertEqual(BusinessCalendar.alwaysOpen().adding(businessSeconds: 3600, to: start), utc(2026, 10, 25, 1, 30))
    }

    func testLocalAllDayCalendarCountsTheRealLengthOfChangeDays() {
        // Sunday 29 March 2026 is 23 hours long in London; Sunday 25 October 25 hours.
        XCTAssertEqual(localAllDay.businessSeconds(from: utc(2026, 3, 29, 0), to: utc(2026, 3, 29, 23)), 23 * 3600)
        XCTAssertEqual(localAllDay.businessSeconds(from: utc(2026, 10, 24, 23), to: utc(2026, 10, 26, 0)), 25 * 3600)
        XCTAssertEqual(localAllDay.adding(businessSeconds: 7200, to: utc(2026, 3, 28, 23, 30)), utc(2026, 3, 29, 1, 30), "02:30 BST")
        XCTAssertEqual(localAllDay.adding(workingDays: 1, to: utc(2026, 3, 28, 12)), utc(2026, 3, 29, 11), "noon GMT to noon BST")
    }

    func testWallClockTimesInTheSkippedAndRepeatedHours() {
        let clock = ZoneClock(timeZone: CalendarFixtures.london)
        let spring = CivilDate(year: 2026, month: 3, day: 29).daysSinceEpoch
        let autumn = CivilDate(year: 2026, month: 10, day: 25).daysSinceEpoch
        let millis: (Date) -> Int = CalendarMillis.from
        // 01:30 does not exist on the spring Sunday: it means the moment the clocks jump (01:00Z).
        XCTAssertEqual(clock.instant(day: spring, minute: 90), millis(utc(2026, 3, 29, 1)))
        XCTAssertEqual(clock.instant(day: spring, minute: 60), millis(utc(2026, 3, 29, 1)))
        XCTAssertEqual(clock.instant(day: spring, minute: 120), millis(utc(2026, 3, 29, 1)), "02:00 BST")
        XCTAssertEqual(clock.instant(day: spring, minute: 59), millis(utc(2026, 3, 29, 0, 59)))
        XCTAssertEqual(clock.instant(day: spring, minute: 180), millis(utc(2026, 3, 29, 2)))
        // 01:30 happens twice on the autumn Sunday: the first time (BST).
        XCTAssertEqual(clock.instant(day: autumn, minute: 90), millis(utc(2026, 10, 25, 0, 30)))
        XCTAssertEqual(clock.instant(day: autumn, minute: 120), millis(utc(2026, 10, 25, 2)))
        XCTAssertEqual(clock.day(at: millis(utc(2026, 10, 24, 23, 30))), autumn, "00:30 BST is already Sunday")
    }

    func testIntervalsInsideTheChangeHourUseTheRealTimeTheClockShowedThem() {
        let night = BusinessCalendar(timeZone: CalendarFixtures.london,
                                     hours: CalendarFixtures.hours([("sun", "01:30-02:30")]), bankHolidays: nil)
        // Spring: the clock shows 01:30-02:30 only from 02:00 to 02:30 BST, 30 minutes.
        XCTAssertEqual(night.businessSeconds(from: utc(2026, 3, 28), to: utc(2026, 3, 30)), 1800)
        XCTAssertEqual(night.nextOpening(atOrAfter: utc(2026, 3, 28)), utc(2026, 3, 29, 1))
        // An ordinary Sunday: one hour.
        XCTAssertEqual(night.businessSeconds(from: utc(2026, 3, 21), to: utc(2026, 3, 23)), 3600)
    }

    func testOtherZonesUseTheirOwnChanges() {
        let newYork = TimeZone(identifier: "America/New_York")!
        let calendar = BusinessCalendar(timeZone: newYork, hours: CalendarFixtures.weekdayHours, bankHolidays: nil)
        // US DST starts Sunday 8 March 2026: Friday 16:00 EST (21:00Z) to Monday 10:00 EDT (14:00Z).
        XCTAssertEqual(calendar.businessSeconds(from: utc(2026, 3, 6, 21), to: utc(2026, 3, 9, 14)), 7200)
        XCTAssertEqual(calendar.localDate(of: utc(2026, 3, 9, 3)), CivilDate("2026-03-08"))
    }

    func testLocalDateMatchesFoundationAroundTheClock() {
        var foundation = Calendar(identifier: .gregorian)
        foundation.timeZone = CalendarFixtures.london
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let instant = Date(timeIntervalSince1970: Double(Int.random(in: 1_704_067_200..<1_830_297_600, using: &generator)))
            let parts = foundation.dateComponents([.year, .month, .day], from: instant)
            XCTAssertEqual(office.localDate(of: instant), CivilDate(year: parts.year!, month: parts.month!, day: parts.day!))
        }
    }
}
