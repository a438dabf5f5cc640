import CivicPulseCore
import CivicPulseReadModel
import Foundation

/// The stretch of time a report covers, as local dates in the org's zone, and the instant
/// "now" is taken to be (`asOf`) for open items' ages and at-risk status.
public struct ReportPeriod: Sendable, Equatable {
    public var from: CivilDate
    /// Inclusive: the report covers the whole of this day.
    public var to: CivilDate
    public var timeZone: TimeZone
    public var asOf: Date

    /// - Parameters:
    ///   - from, to: local dates; default the seven days ending on the day of `asOf`, or today
    ///     without one, so a report "as of" a past moment covers the week up to it.
    ///   - asOf: default the end of `to`, or now if that is still to come.
    public init(from: CivilDate?, to: CivilDate?, timeZone: TimeZone, asOf: Date? = nil, now: Date = Date()) {
        let clock = BusinessCalendar.alwaysOpen(in: timeZone)
        self.to = to ?? clock.localDate(of: asOf ?? now)
        self.from = from ?? self.to.adding(days: -6)
        self.timeZone = timeZone
        let end = self.to.adding(days: 1).midnight(in: timeZone)
        self.asOf = asOf ?? min(now, end)
    }

    /// Its days, `from` through `to`; `from` alone when `to` is before it (a period of no day,
    /// which the commands refuse), so that the range can always be formed.
    var days: ClosedRange<CivilDate> { days(from: from) }

    /// Its days and those from `earlier` on: what a report reads the gaps of when it also shows
    /// an earlier period to compare with.
    func days(from earlier: CivilDate) -> ClosedRange<CivilDate> { min(earlier, from)...max(from, to) }

    /// The first instant of `from`.
    public var start: Date { from.midnight(in: timeZone) }
    /// The first instant after `to`.
    public var end: Date { to.adding(days: 1).midnight(in: timeZone) }

    /// Where what is known of the period ends: its end, or the as-of instant if earlier.
    public var knownEnd: Date { min(end, asOf) }

    /// The days of the period wholly over by the as-of instant: every day for a period that has
    /// ended, none (nil) before its first day is over. Daily figures (reach, engagement,
    /// followers) cannot be cut within a day, so a period cut at an as-of instant has them to here.
    public var wholeDaysTo: CivilDate? {
        let last = min(to, BusinessCalendar.alwaysOpen(in: timeZone).localDate(of: asOf).adding(days: -1))
        return last < from ? nil : last
    }

    /// The instants the read model's queries take.
    var bounds: PeriodBounds { PeriodBounds(start: start, end: end, asOf: asOf) }

    public var description: String { "\(from) to \(to) (\(timeZone.identifier))" }
}
