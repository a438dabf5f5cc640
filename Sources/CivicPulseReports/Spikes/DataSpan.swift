import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// How far an org's data goes, as the processor's spike detector has seen it
/// (docs/emergencies.md), and where it has gaps (`CoverageQueries`).
public struct DataSpan: Sendable {
    /// The first hour with a resident's message (an inbound message, a comment or a mention): the
    /// detector's history start, before which hours are unknown, not quiet. A week before it was
    /// not recorded, so a change against it is unknown rather than growth from zero.
    ///
    /// Not the log's earliest event: a platform dates the council's own posts and videos when they
    /// were published, so the demo's YouTube videos from October would make its first week of
    /// messages look like growth from zero weeks.
    var start: Date?
    /// The newest message time processed (the detector's watermark). Spikes are judged up to here,
    /// so after it a spike that is open is open for want of data, and an hour with no count is not
    /// known to be quiet. Nil, as `start`, when no message has been processed.
    var until: Date?
    /// Runs of local days between `start` and `until` with no event at all: not quiet days but
    /// unrecorded ones, whose figures are unknown.
    var gaps: [DataGap] = []

    /// How long the data may be silent before a report or `alerts` says it has stopped: a day.
    /// The small hours before a week ends are often quiet, and a monitor must not be paged by a
    /// quiet hour; a feed down for longer is worth a line. A gap is a whole day or more.
    public static let quietAllowance: TimeInterval = 86_400

    /// Local days whose gaps were read, nil for every day of the data: `records` and
    /// `ReportHeader.noData` may only be asked about these.
    var meeting: ClosedRange<CivilDate>? = nil

    /// How far an org's data goes, and its gaps in local days of `timeZone` (the org's): only those
    /// that share a day with `days` when they are named (whole, however far they reach), as a
    /// report needs for the periods it shows; every gap of the history otherwise.
    static func load(org: String, timeZone: TimeZone, meeting days: ClosedRange<CivilDate>? = nil, on connection: Connection) throws -> DataSpan {
        let span = try SpikeQueries.dataSpan(org: org, on: connection)
        var gaps: [DataGap] = []
        if let start = span.start, let until = span.until {
            gaps = try CoverageQueries.gaps(org: org, timeZone: timeZone, from: start, through: until, meeting: days, on: connection)
        }
        return DataSpan(start: span.start, until: span.until, gaps: gaps, meeting: days)
    }

    /// Whether any of `period` was recorded (`records`), reading only the gaps that meet it.
    static func records(_ period: ReportPeriod, org: String, on connection: Connection) throws -> Bool {
        try load(org: org, timeZone: period.timeZone, meeting: period.days, on: connection).records(period)
    }

    /// Whether any of `period`, up to its as-of instant, was recorded: it ends after the data
    /// starts, does not begin after the data stopped (no message for `quietAllowance` before the
    /// as-of instant, and none since the period began), and is not wholly inside a gap. The
    /// figures of a period not recorded are unknown (`–`, `null`), not zero.
    func records(_ period: ReportPeriod) -> Bool {
        assert(meeting.map { $0.contains(period.days.lowerBound) && $0.contains(period.days.upperBound) } ?? true, "the gaps of \(period.description) were not read")
        let known = period.knownEnd
        guard let start, let until, start < known else { return false }
        if until < period.start, until < known.addingTimeInterval(-Self.quietAllowance) { return false }
        return !gaps.contains { $0.firstDay <= period.from && period.to <= $0.lastDay }
    }
}
