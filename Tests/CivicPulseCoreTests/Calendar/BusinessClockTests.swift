import XCTest
@testable import CivicPulseCore

/// A business clock written out as open periods reads the same business time as the calendar
/// itself: by hand across a bank holiday and a clock change, and on seeded random spans, written
/// whole or grown in steps.
final class BusinessClockTests: XCTestCase {
    private let office = CalendarFixtures.office()

    /// Friday 28 August 2026 16:00 BST to Tuesday 1 September 10:00 BST: 1 hour on Friday, none on
    /// the bank holiday Monday, 1 hour on Tuesday.
    func testAcrossTheAugustBankHoliday() {
        let (from, to) = (CalendarFixtures.local(2026, 8, 28, 16), CalendarFixtures.local(2026, 9, 1, 10))
        let periods = BusinessClock(office).periods(from: from, through: to)
        XCTAssertEqual(periods.map(\.start), [CalendarFixtures.local(2026, 8, 28, 9), CalendarFixtures.local(2026, 9, 1, 9)])
        XCTAssertEqual(periods.map(\.openMillisBefore), [0, 8 * 3_600_000])
        XCTAssertEqual(BusinessClock.businessSeconds(from: from, to: to, in: periods), 7200)
    }

    /// Friday 23 October 2026 16:00 BST (15:00 UTC) to Monday 26 October 10:00 GMT: 67 hours elapsed
    /// over the night the clocks went back, 2 business hours.
    func testAcrossTheOctoberClockChange() {
        let (from, to) = (CalendarFixtures.utc(2026, 10, 23, 15), CalendarFixtures.utc(2026, 10, 26, 10))
        let periods = BusinessClock(office).periods(from: from, through: to)
        XCTAssertEqual(periods.map(\.start), [CalendarFixtures.utc(2026, 10, 23, 8), CalendarFixtures.utc(2026, 10, 26, 9)])
        XCTAssertEqual(BusinessClock.businessSeconds(from: from, to: to, in: periods), 7200)
    }

    /// Before the first period, and at closing time, nothing has been open yet.
    func testAReadingBeforeTheFirstPeriodIsZero() {
        let saturday = CalendarFixtures.local(2026, 11, 21, 10)
        let periods = BusinessClock(office).periods(from: saturday, through: CalendarFixtures.local(2026, 11, 23, 9, 30))
        XCTAssertEqual(BusinessClock.reading(at: saturday, in: periods), 0)
        XCTAssertEqual(BusinessClock.reading(at: CalendarFixtures.local(2026, 11, 23, 9, 30), in: periods), 1_800_000)
    }

    func testReadingsAgreeWithTheCalendarAndAGrowingClockWithOneWrittenWhole() {
        var generator = SeededGenerator(seed: 130)
        let calendars = [
            office,
            BusinessCalendar(timeZone: CalendarFixtures.london, hours: CalendarFixtures.hours([
                ("mon-thu", "08:30-12:00, 13:00-17:00"), ("fri", "08:30-16:30"), ("sat", "09:00-12:30"),
            ]), bankHolidays: .northernIreland),
            BusinessCalendar.alwaysOpen(in: CalendarFixtures.london),
        ]
        for calendar in calendars {
            let clock = BusinessClock(calendar)
            for _ in 0..<40 {
                let start = CalendarFixtures.utc(2026, 1, 1).addingTimeInterval(Double(Int.random(in: 0..<(330 * 86_400_000), using: &generator)) / 1000)
                let end = start.addingTimeInterval(Double(Int.random(in: 0..<(40 * 86_400_000), using: &generator)) / 1000)
                let whole = clock.periods(from: start, through: end)
                let middle = start.addingTimeInterval(end.timeIntervalSince(start) * Double.random(in: 0...1, using: &generator))
                var grown = clock.periods(from: start, through: middle)
                if let last = grown.last { grown += clock.periods(through: end, after: last) } else { grown = clock.periods(from: start, through: end) }
                XCTAssertEqual(grown, whole, "\(start) to \(middle), then to \(end)")
                for _ in 0..<10 {
                    let a = start.addingTimeInterval(end.timeIntervalSince(start) * Double.random(in: 0...1, using: &generator))
                    let b = a.addingTimeInterval(end.timeIntervalSince(a) * Double.random(in: 0...1, using: &generator))
                    let (a0, b0) = (Date(timeIntervalSince1970: (a.timeIntervalSince1970 * 1000).rounded() / 1000),
                                    Date(timeIntervalSince1970: (b.timeIntervalSince1970 * 1000).rounded() / 1000))
                    XCTAssertEqual(BusinessClock.businessSeconds(from: a0, to: b0, in: whole), calendar.businessSeconds(from: a0, to: b0), "\(a0) to \(b0)")
                }
            }
        }
    }
}
