import Foundation

/// Rules that change over time (a calendar, an SLA policy), each version in force from a local date.
///
/// An item is judged entirely by the version in force when it *opened*: its deadline, its
/// calendar and its status all come from that version, even if the deadline falls after a
/// later version starts. So history before a change keeps the old rules, and an item's
/// deadline never moves once it opened.
public struct Versioned<Value: Sendable>: Sendable {
    public struct Version: Sendable {
        /// 1 for the original rules, then 2, 3, … in date order.
        public let number: Int
        /// The first local date the version applies to; nil for the original, which has no start.
        public let effective: CivilDate?
        public let value: Value
        /// What reports print: `office calendar v2 (from 2027-01-01)`, `SLA policy v1`.
        public let label: String
    }

    /// What the versions are of, for labels: `office calendar`, `SLA policy`.
    public let subject: String
    /// In date order; the first has no effective date.
    public let versions: [Version]

    /// The original value and later ones; effective dates must strictly increase.
    public init(_ subject: String, original: Value, later: [(effective: CivilDate, value: Value)] = []) throws {
        for (previous, next) in zip(later, later.dropFirst()) where next.effective <= previous.effective {
            throw CalendarRuleError("version effective \(next.effective) must come after the one effective \(previous.effective)")
        }
        self.subject = subject
        var versions = [Version(number: 1, effective: nil, value: original, label: "\(subject) v1")]
        for (offset, change) in later.enumerated() {
            let number = offset + 2
            versions.append(Version(number: number, effective: change.effective, value: change.value,
                                    label: "\(subject) v\(number) (from \(change.effective))"))
        }
        self.versions = versions
    }

    /// A single version that never changes.
    public init(_ subject: String, _ value: Value) {
        self.subject = subject
        versions = [Version(number: 1, effective: nil, value: value, label: "\(subject) v1")]
    }

    /// The version in force on a local date: the last one effective on or before it.
    public func version(on date: CivilDate) -> Version {
        versions.last { version in version.effective.map { $0 <= date } ?? true }!
    }

    /// The version in force at an instant, reading its local date in `timeZone`
    /// (the service's zone: a version effective 2026-04-01 starts at midnight there).
    public func version(at instant: Date, in timeZone: TimeZone) -> Version {
        // Rules that never changed need no local date: every message is judged by one of them.
        if versions.count == 1 { return versions[0] }
        let day = ZoneClock(timeZone: timeZone).day(at: CalendarMillis.from(instant))
        return version(on: CivilDate(daysSinceEpoch: day))
    }

    /// The version in force now and for the future.
    public var latest: Version { versions[versions.count - 1] }
}

extension Versioned where Value == BusinessCalendar {
    /// The calendar version in force at an instant, by the calendar's own zone.
    public func version(at instant: Date) -> Version {
        version(at: instant, in: versions[0].value.timeZone)
    }
}
