import Foundation
@testable import CivicPulseCore

/// Shared instants and calendars for the calendar and SLA tests, built independently of the
/// code under test: UTC instants by plain arithmetic, local ones by Foundation's Calendar.
enum CalendarFixtures {
    static let london = TimeZone(identifier: "Europe/London")!

    /// An instant given in UTC.
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    /// An instant given as London wall-clock time (not for the repeated or skipped hour).
    static func local(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0,
                      zone: TimeZone = london) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
    }

    static func hours(_ entries: [(String, String)]) -> OpeningHours {
        try! OpeningHours(parsing: entries.map { (days: $0.0, intervals: $0.1) })
    }

    /// Monday to Friday, 09:00-17:00, London.
    static let weekdayHours = hours([("mon-fri", "09:00-17:00")])

    static func office(_ region: BankHolidayRegion? = .englandAndWales, closures: Set<CivilDate> = [],
                       openOn: Set<CivilDate> = []) -> BusinessCalendar {
        BusinessCalendar(timeZone: london, hours: weekdayHours, bankHolidays: region, closures: closures, openOn: openOn)
    }

    static func date(_ text: String) -> CivilDate { CivilDate(text)! }
}

/// A small seeded generator (SplitMix64), so "random" cases are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
