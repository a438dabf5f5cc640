import XCTest
@testable import CivicPulseCore

/// Seeded random checks over 2024-2027: the arithmetic agrees with itself and with a
/// minute-by-minute count made with Foundation's own calendar.
final class CalendarPropertyTests: XCTestCase {
    private let start2024 = 1_704_067_200 // 2024-01-01T00:00Z
    private let end2027 = 1_830_297_600 // 2028-01-01T00:00Z

    private var calendars: [BusinessCalendar] {
        [
            CalendarFixtures.office(),
            CalendarFixtures.office(.scotland, closures: [CalendarFixtures.date("2026-12-24")]),
            BusinessCalendar(timeZone: CalendarFixtures.london, hours: CalendarFixtures.hours([
                ("mon-thu", "08:30-12:00, 13:00-17:00"), ("fri", "08:30-16:30"), ("sat", "09:00-12:30"),
            ]), bankHolidays: .northernIreland),
        ]
    }

    private func randomInstant(_ generator: inout SeededGenerator, wholeSeconds: Bool = true) -> Date {
        let seconds = Double(Int.random(in: start2024..<end2027, using: &generator))
        return Date(timeIntervalSince1970: wholeSeconds ? seconds : seconds + Double(Int.random(in: 0..<1000, using: &generator)) / 1000)
    }

    func testBusinessSecondsUndoesAddingBusinessSeconds() {
        var generator = SeededGenerator(seed: 2026)
        for calendar in calendars {
            for _ in 0..<400 {
                let start = randomInstant(&generator, wholeSeconds: Bool.random(using: &generator))
                let amount = Int.random(in: 1...(3 * 8 * 3600), using: &generator)
                let deadline = calendar.adding(businessSeconds: amount, to: start)
                XCTAssertEqual(calendar.businessSeconds(from: start, to: deadline), amount, "\(start) + \(amount)")
                XCTAssertTrue(calendar.isOpen(at: deadline.addingTimeInterval(-0.001)), "the clock was running just before \(deadline)")
            }
        }
    }

    func testAddingBackTheMeasuredSecondsNeverOvershoots() {
        var generator = SeededGenerator(seed: 11)
        for calendar in calendars {
            for _ in 0..<300 {
                let a = randomInstant(&generator)
                let b = a.addingTimeInterval(Double(Int.random(in: 0...(9 * 86_400), using: &generator)))
                let measured = calendar.businessSeconds(from: a, to: b)
                let reached = calendar.adding(businessSeconds: measured, to: a)
                XCTAssertLessThanOrEqual(reached, b)
                XCTAssertEqual(calendar.businessSeconds(from: reached, to: b), 0, "no open time left between \(reached) and \(b)")
            }
        }
    }

    func testBusinessSecondsAddUpOverConsecutiveSpans() {
        var generator = SeededGenerator(seed: 5)
        for calendar in calendars {
            for _ in 0..<300 {
                let a = randomInstant(&generator)
                let b = a.addingTimeInterval(Double(Int.random(in: 0...(30 * 86_400), using: &generator)))
                let c = b.addingTimeInterval(Double(Int.random(in: 0...(30 * 86_400), using: &generator)))
                XCTAssertEqual(calendar.businessSeconds(from: a, to: c),
                               calendar.businessSeconds(from: a, to: b) + calendar.businessSeconds(from: b, to: c))
            }
        }
    }

    func testDayNumberWeekdayAgreesWithCivilDate() {
        for day in -1000...40_000 {
            XCTAssertEqual(BusinessCalendar.isoWeekday(day: day), CivilDate(daysSinceEpoch: day).isoWeekday, "day \(day)")
        }
    }

    /// Counts open minutes one by one with Foundation's Calendar in the zone, over windows that
    /// include both 2026 DST weekends and Christmas, plus random ones.
    func testAgreesWithMinuteByMinuteCount() {
        let calendar = CalendarFixtures.office()
        var foundation = Calendar(identifier: .gregorian)
        foundation.timeZone = CalendarFixtures.london
        var generator = SeededGenerator(seed: 99)
        var windows = [CalendarFixtures.utc(2026, 3, 27, 12), CalendarFixtures.utc(2026, 10, 23, 12),
                       CalendarFixtures.utc(2026, 12, 24, 8), CalendarFixtures.utc(2027, 1, 1)]
        for _ in 0..<6 {
            windows.append(Date(timeIntervalSince1970: Double(Int.random(in: start2024..<end2027, using: &generator) / 60 * 60)))
        }
        for windowStart in windows {
            var openMinutes = 0
            for minute in 0..<(4 * 1440) {
                let instant = windowStart.addingTimeInterval(Double(minute * 60))
                let parts = foundation.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: instant)
                let date = CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)
                let minuteOfDay = parts.hour! * 60 + parts.minute!
                let expectedOpen = (2...6).contains(parts.weekday!) && (540..<1020).contains(minuteOfDay)
                    && !BankHolidayRegion.englandAndWales.isHoliday(date)
                if minute % 7 == 0 {
                    XCTAssertEqual(calendar.isOpen(at: instant), expectedOpen, "\(instant)")
                }
                if expectedOpen { openMinutes += 1 }
            }
            let windowEnd = windowStart.addingTimeInterval(Double(4 * 1440 * 60))
            XCTAssertEqual(calendar.businessSeconds(from: windowStart, to: windowEnd), openMinutes * 60, "window from \(windowStart)")
        }
    }
}
