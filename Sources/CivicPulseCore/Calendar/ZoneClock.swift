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

/// A zone's UTC offsets, as the instants they change at.
///
/// Foundation answers `secondsFromGMT` through ICU behind a lock, and SLA clocks ask it a
/// dozen times per item: it was the largest part of `sla`'s own CPU, and a table remembered per
/// hour behind a lock of its own was still 3.5 % of the processor's (docs/performance.md). The
/// changes are read from Foundation once per zone, for 1970 to 2100, and never written again,
/// so a look-up takes no lock: a binary search of a few hundred instants. Each span between two
/// changes is checked at both ends, and a change Foundation's list left out is found by
/// bisection, so every answer inside the table is Foundation's own; outside it Foundation is asked.
final class ZoneOffsets: Sendable {
    private let timeZone: TimeZone
    /// The instants (ms) at which the offset changes, ascending.
    private let changes: [Int]
    /// `offsets[i]` holds before `changes[i]` and from the one before it: one more than `changes`.
    private let offsets: [Int]
    private let span: Range<Int>

    private init(timeZone: TimeZone) {
        self.timeZone = timeZone
        let span = Self.span
        self.span = span
        var changes: [Int] = []
        var offsets = [Self.foundationOffset(timeZone, at: span.lowerBound)]
        var from = span.lowerBound
        while from < span.upperBound {
            let listed = timeZone.nextDaylightSavingTimeTransition(after: CalendarMillis.date(from))
                .map { min(CalendarMillis.from($0), span.upperBound) } ?? span.upperBound
            let next = max(listed, from + 1)
            let leaving = offsets[offsets.count - 1]
            if Self.foundationOffset(timeZone, at: next - 1) != leaving {
                from = Self.firstChange(timeZone, after: from, before: next, leaving: leaving)
            } else {
                from = next
            }
            guard from < span.upperBound else { break }
            let offset = Self.foundationOffset(timeZone, at: from)
            if offset != leaving {
                changes.append(from)
                offsets.append(offset)
            }
        }
        self.changes = changes
        self.offsets = offsets
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
        guard span.contains(instant) else { return Self.foundationOffset(timeZone, at: instant) }
        var low = 0
        var high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if changes[middle] <= instant {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return offsets[low]
    }

    /// 1970-01-01 to 2100-01-01 UTC: every instant a platform or a calendar gives here.
    private static let span = 0 ..< 4_102_444_800_000

    /// The first whole second in (after, before) whose offset is no longer `leaving`, by
    /// bisection; `before - 1` is known to have another.
    private static func firstChange(_ timeZone: TimeZone, after: Int, before: Int, leaving: Int) -> Int {
        var low = CalendarMillis.floorDiv(after, CalendarMillis.perSecond)
        var high = CalendarMillis.floorDiv(before - 1, CalendarMillis.perSecond)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if foundationOffset(timeZone, at: middle * CalendarMillis.perSecond) == leaving {
                low = middle
            } else {
                high = middle
            }
        }
        return high * CalendarMillis.perSecond
    }

    private static func foundationOffset(_ timeZone: TimeZone, at instant: Int) -> Int {
        timeZone.secondsFromGMT(for: CalendarMillis.date(instant)) * CalendarMillis.perSecond
    }
}
