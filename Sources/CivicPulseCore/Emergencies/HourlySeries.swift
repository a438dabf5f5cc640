import Foundation

/// Hours on an org's wall clock: the hour an instant falls in, and the same hour on other days.
///
/// An hour is named by the instant it starts. Consecutive hours are 3600 s apart (true of every
/// zone whose offsets are whole hours, the UK's included); across a DST change the same local
/// hour a week earlier is 167 or 169 hours back, which ``shifting(_:days:)`` accounts for.
public struct HourClock: Sendable {
    public let timeZone: TimeZone
    private let clock: ZoneClock

    public static let hour: TimeInterval = 3600

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        clock = ZoneClock(timeZone: timeZone)
    }

    /// The start of the local hour that contains `instant`.
    public func hour(containing instant: Date) -> Date {
        let millis = CalendarMillis.from(instant)
        let reading = clock.reading(at: millis)
        let intoHour = reading - CalendarMillis.floorDiv(reading, 3_600_000) * 3_600_000
        return CalendarMillis.date(millis - intoHour)
    }

    /// The hour at the same local time `days` days later (earlier when negative).
    public func shifting(_ hour: Date, days: Int) -> Date {
        let reading = clock.reading(at: CalendarMillis.from(hour)) + days * CalendarMillis.perDay
        return self.hour(containing: CalendarMillis.date(clock.instant(atReading: reading)))
    }

    /// The hours from `start` up to (not including) `end`.
    public func hours(from start: Date, to end: Date) -> [Date] {
        guard start < end else { return [] }
        return stride(from: start.timeIntervalSince1970, to: end.timeIntervalSince1970, by: Self.hour).map {
            Date(timeIntervalSince1970: $0)
        }
    }
}

/// Message counts per hour for one series (a topic, a service, all inbound traffic).
///
/// Hours before `historyStart` are unknown, not zero: a baseline never treats the time before
/// the log began as quiet. Nor are hours in `gaps`: whole days with no event at all, where the
/// feeds were down and the data resumes later. Other hours from `historyStart` on that have no
/// count had no messages.
public struct HourlySeries: Sendable, Equatable {
    public var counts: [Date: Int]
    public var historyStart: Date
    /// Stretches of time not recorded (the read model's `CoverageQueries`), each from its first
    /// instant up to the one where the data resumes.
    public var gaps: [Range<Date>]

    public init(counts: [Date: Int], historyStart: Date, gaps: [Range<Date>] = []) {
        self.counts = counts
        self.historyStart = historyStart
        self.gaps = gaps
    }

    /// Consecutive hours from `start`, for hand-made series.
    public init(start: Date, counts: [Int]) {
        var byHour: [Date: Int] = [:]
        for (index, count) in counts.enumerated() where count != 0 {
            byHour[start.addingTimeInterval(Double(index) * HourClock.hour)] = count
        }
        self.init(counts: byHour, historyStart: start)
    }

    public func count(at hour: Date) -> Int {
        counts[hour] ?? 0
    }

    public func isKnown(_ hour: Date) -> Bool {
        hour >= historyStart && !gaps.contains { $0.contains(hour) }
    }
}
