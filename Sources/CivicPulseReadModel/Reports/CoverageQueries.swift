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
    ///
    /// With `days`, only the gaps that share a day with them, each whole however far it reaches
    /// beyond: the days read are those inside `days` and, on each side, the nearest covered day
    /// outside them (an index probe each), which bound any gap that meets `days`. Reading every
    /// day of the history cost a report 20-30 ms at 9.2M events each time it asked, and grew with
    /// the history; a report asks about a week.
    public static func gaps(org: String, timeZone: TimeZone, from: Date, through: Date, meeting days: ClosedRange<CivilDate>? = nil,
                            on connection: Connection) throws -> [DataGap] {
        let zone = timeZone.identifier
        // No days named, the whole span: `greatest` and `least` pass over a null.
        let low = days?.lowerBound.daysSinceEpoch, high = days?.upperBound.daysSinceEpoch
        return try connection.query("""
            WITH span AS (
                SELECT (\(from) AT TIME ZONE \(zone))::date AS first_day, (\(through) AT TIME ZONE \(zone))::date AS last_day
            ), asked AS (
                SELECT greatest(first_day, DATE '1970-01-01' + \(low)::integer) AS low,
                       least(last_day, DATE '1970-01-01' + \(high)::integer) AS high
                FROM span
            ), days AS (
                SELECT first_day AS day FROM span
                UNION SELECT last_day FROM span
                UNION SELECT e.day FROM projections.engagement_daily e, asked
                      WHERE e.org = \(org) AND e.day BETWEEN asked.low AND asked.high
                UNION SELECT a.day FROM projections.account_metrics_daily a, asked
                      WHERE a.org = \(org) AND a.day BETWEEN asked.low AND asked.high
                UNION SELECT (SELECT max(e.day) FROM projections.engagement_daily e
                              WHERE e.org = \(org) AND e.day < asked.low AND e.day > span.first_day) FROM span, asked
                UNION SELECT (SELECT max(a.day) FROM projections.account_metrics_daily a
                              WHERE a.org = \(org) AND a.day < asked.low AND a.day > span.first_day) FROM span, asked
                UNION SELECT (SELECT min(e.day) FROM projections.engagement_daily e
                              WHERE e.org = \(org) AND e.day > asked.high AND e.day < span.last_day) FROM span, asked
                UNION SELECT (SELECT min(a.day) FROM projections.account_metrics_daily a
                              WHERE a.org = \(org) AND a.day > asked.high AND a.day < span.last_day) FROM span, asked
            ), runs AS (
                SELECT day, lag(day) OVER (ORDER BY day) AS before FROM days WHERE day IS NOT NULL
            )
            SELECT before + 1 - DATE '1970-01-01', day - 1 - DATE '1970-01-01',
                   (before + 1)::timestamp AT TIME ZONE \(zone), day::timestamp AT TIME ZONE \(zone)
            FROM runs, asked WHERE day > before + 1 AND before < asked.high AND day > asked.low ORDER BY day
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
