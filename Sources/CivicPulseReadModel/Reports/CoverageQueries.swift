import CivicPulseCore
import Foundation
import Postgres

/// Which days the log covers: the one notion of "time with data" that reports and the spike
/// detector judge figures by (docs/summary.md, "Unknown figures").
///
/// A local day is covered when any event of the org falls in it: a resident's message, comment,
/// reaction or share, the council's own post, or a platform's reading of an account's figures
/// (`projections.engagement_daily` and `projections.account_metrics_daily`, both kept by the
/// events' own times as ingested). A quiet hour inside a covered day is a real zero; a whole day
/// with no event at all, between the first resident's message and the newest, is a gap: the
/// feeds were down or the export left it out, and the data resumes after it. A gap is always at
/// least a day of silence, longer than `DataSpan.quietAllowance`.
public enum CoverageQueries {
    /// The gaps of `org` from the local day of `from` to that of `through` (the first resident's
    /// message and the newest: the spike detector's history start and watermark), in local days of
    /// `timeZone`, oldest first.
    public static func gaps(org: String, timeZone: TimeZone, from: Date, through: Date, on connection: Connection) throws -> [DataGap] {
        let zone = timeZone.identifier
        return try connection.query("""
            WITH span AS (
                SELECT (\(from) AT TIME ZONE \(zone))::date AS first_day, (\(through) AT TIME ZONE \(zone))::date AS last_day
            ), days AS (
                SELECT first_day AS day FROM span
                UNION SELECT last_day FROM span
                UNION SELECT e.day FROM projections.engagement_daily e, span
                      WHERE e.org = \(org) AND e.day BETWEEN span.first_day AND span.last_day
                UNION SELECT a.day FROM projections.account_metrics_daily a, span
                      WHERE a.org = \(org) AND a.day BETWEEN span.first_day AND span.last_day
            ), runs AS (
                SELECT day, lag(day) OVER (ORDER BY day) AS before FROM days
            )
            SELECT before + 1 - DATE '1970-01-01', day - 1 - DATE '1970-01-01',
                   (before + 1)::timestamp AT TIME ZONE \(zone), day::timestamp AT TIME ZONE \(zone)
            FROM runs WHERE day > before + 1 ORDER BY day
            """).map { row in
            DataGap(firstDay: CivilDate(daysSinceEpoch: try row.decode(Int.self, 0)), lastDay: CivilDate(daysSinceEpoch: try row.decode(Int.self, 1)),
                    start: try row.decode(Date.self, 2), end: try row.decode(Date.self, 3))
        }
    }

    /// The same gaps from the days known to be covered (`MemorySpikeRows`, over `MemoryReachRows`'
    /// rows): the runs of days from the local day of `from` to that of `through` that are not in
    /// `covered`, oldest first.
    static func gaps(covered: Set<CivilDate>, timeZone: TimeZone, from: Date, through: Date) -> [DataGap] {
        let days = BusinessCalendar.alwaysOpen(in: timeZone)
        let first = days.localDate(of: from).daysSinceEpoch, last = days.localDate(of: through).daysSinceEpoch
        let uncovered = first + 1 < last ? Set((first + 1..<last).map(CivilDate.init(daysSinceEpoch:))).subtracting(covered) : []
        return DataGap.runs(of: uncovered, timeZone: timeZone)
    }
}
