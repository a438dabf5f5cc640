import Foundation

/// A rule written in text (an opening-hours range, an SLA target, a version list) that does not hold.
///
/// Text parsers throw this with a message a person can act on; the YAML readers turn it into a
/// ``ConfigError`` that adds the file, line and key.
public struct CalendarRuleError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Instants as whole milliseconds since 1970, so clock arithmetic is exact integer arithmetic.
///
/// Platform timestamps carry at most milliseconds; `Date`'s binary fractions would otherwise
/// make "30 working minutes after 10:00:00.123" drift by a few nanoseconds per step.
enum CalendarMillis {
    static let perSecond = 1000
    static let perMinute = 60_000
    static let perDay = 86_400_000

    static func from(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(_ millis: Int) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    /// Division rounding towards minus infinity, so instants before 1970 land on the right day.
    static func floorDiv(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// The wall clock of one time zone: instants to local readings and back, in milliseconds.
///
/// Foundation supplies the zone's UTC offset at an instant (correct across DST); everything
/// else is integer arithmetic. A "local reading" is milliseconds since 1970-01-01 00:00 on
/// the wall clock, so `reading / perDay` is the local day and the remainder the time of day.
struct ZoneClock: Sendable {
    let timeZone: TimeZone
    private let offsets: ZoneOffsets

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
        offsets = ZoneOffsets.shared(for: timeZone)
    }

    func offset(at instant: Int) -> Int {
        offsets.offset(at: instant)
    }

    func reading(at instant: Int) -> Int {
        instant + offset(at: instant)
    }

    /// The local day (days since 1970-01-01) that the wall clock shows at an instant.
    func day(at instant: Int) -> Int {
        CalendarMillis.floorDiv(reading(at: instant), CalendarMillis.perDay)
    }

    /// The first instant at which the wall clock shows `reading` or later.
    ///
    /// One definition covers every case: a time that occurs once is that instant; a time the
    /// clocks skip (01:30 on the spring-forward Sunday) is the moment they jump; a time that
    /// occurs twice (01:30 on the fall-back Sunday) is its first occurrence. Because it is
    /// monotonic, local intervals never turn into inverted or overlapping instants.
    /// Assumes at most one offset change within a day either side, which holds for every zone.
    func instant(atReading reading: Int) -> Int {
        let before = offset(at: reading - CalendarMillis.perDay)
        let after = offset(at: reading + CalendarMillis.perDay)
        if before == after { return reading - before }
        let change = changeInstant(from: reading - CalendarMillis.perDay, to: reading + CalendarMillis.perDay, leaving: before)
        if reading < change + before { return reading - before }
        return max(change, reading - after)
    }

    /// The first whole second in (from, to] whose offset is no longer `leaving`, by bisection.
    private func changeInstant(from: Int, to: Int, leaving: Int) -> Int {
        var low = CalendarMillis.floorDiv(from, CalendarMillis.perSecond) // offset is `leaving` here
        var high = CalendarMillis.floorDiv(to, CalendarMillis.perSecond) + 1 // offset has changed here
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(at: middle * CalendarMillis.perSecond) == leaving {
                low = middle
            } else {
                high = middle
            }
        }
        return high * CalendarMillis.perSecond
    }

    /// The instant a local date and minute of day begin, by ``instant(atReading:)``.
    func instant(day: Int, minute: Int) -> Int {
        instant(atReading: day * CalendarMillis.perDay + minute * CalendarMillis.perMinute)
    }
}

/// A zone's UTC offsets, remembered per hour.
///
/// Foundation answers `secondsFromGMT` through ICU behind a lock, and SLA clocks ask it a
/// dozen times per item: it was the largest part of `sla`'s own CPU (docs/performance.md).
/// An hour is remembered only when the offset is the same at its first and last millisecond,
/// so an hour holding a change is always asked of Foundation and the answer stays exact.
final class ZoneOffsets: @unchecked Sendable {
    private let timeZone: TimeZone
    private let lock = NSLock()
    private var byHour: [Int: Int] = [:]

    private init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var zones: [String: ZoneOffsets] = [:]

    /// One table per zone for the whole process, shared by every calendar in that zone.
    static func shared(for timeZone: TimeZone) -> ZoneOffsets {
        lock.withLock {
            if let known = zones[timeZone.identifier] { return known }
            let offsets = ZoneOffsets(timeZone: timeZone)
            zones[timeZone.identifier] = offsets
            return offsets
        }
    }

    func offset(at instant: Int) -> Int {
        let hour = CalendarMillis.floorDiv(instant, Self.hour)
        if let known = lock.withLock({ byHour[hour] }) { return known }
        let first = foundationOffset(at: hour * Self.hour)
        guard first == foundationOffset(at: (hour + 1) * Self.hour - 1) else { return foundationOffset(at: instant) }
        lock.withLock { byHour[hour] = first }
        return first
    }

    private static let hour = 3_600_000

    private func foundationOffset(at instant: Int) -> Int {
        timeZone.secondsFromGMT(for: CalendarMillis.date(instant)) * CalendarMillis.perSecond
    }
}
