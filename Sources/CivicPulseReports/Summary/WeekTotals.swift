import Foundation
import Postgres

/// The council's response figures for whole weeks, as the summary's trend shows them: counts,
/// rates and the median first response (the mean, percentiles and at-risk count stay unset).
///
/// A week judged at its end is read from the row the processor keeps for it
/// (`projections.response_weeks`) unless its items changed since; any other week is computed
/// from the items by `projections.response_week_totals`, the function that filled the row. A
/// summary asked mid-week judges every earlier week that far in, so it computes them all. Reading
/// the rows took the trend from 85-180 ms to about a millisecond at 9.2M events (docs/performance.md).
enum WeekTotals {
    static func load(org: String, weeks: [ReportPeriod], on connection: Connection) throws -> [ResponseStats] {
        var totals = try stored(org: org, weeks: weeks, on: connection)
        let missing = weeks.indices.filter { totals[$0] == nil }
        if !missing.isEmpty {
            let rows = try connection.query("""
                SELECT n, \(unescaped: columns) FROM projections.response_week_totals(\(org),
                    \(missing.map { weeks[$0].start.postgresText })::timestamptz[], \(missing.map { weeks[$0].end.postgresText })::timestamptz[],
                    \(missing.map { weeks[$0].asOf.postgresText })::timestamptz[])
                """)
            for row in rows { totals[missing[try row.decode(Int.self, "n") - 1]] = try stats(row) }
        }
        return totals.map { $0 ?? .empty }
    }

    /// The stored rows of the weeks judged at their end, cut in their time zone and not stale.
    private static func stored(org: String, weeks: [ReportPeriod], on connection: Connection) throws -> [ResponseStats?] {
        let atEnd = weeks.indices.filter { weeks[$0].asOf == weeks[$0].end }
        guard let zone = atEnd.first.map({ weeks[$0].timeZone.identifier }) else { return weeks.map { _ in nil } }
        let rows = try connection.query("""
            SELECT w.week_start, w.week_end, \(unescaped: columns)
            FROM projections.response_weeks w
            WHERE w.org = \(org) AND w.week_start = ANY(\(atEnd.map { weeks[$0].start.postgresText })::timestamptz[])
              AND EXISTS (SELECT 1 FROM projections.response_weeks_zone z WHERE z.time_zone = \(zone))
              AND NOT EXISTS (SELECT 1 FROM projections.response_weeks_stale s WHERE s.org = w.org AND s.week_start = w.week_start)
            """)
        var byBounds: [[Date]: ResponseStats] = [:]
        for row in rows { byBounds[[try row.decode(Date.self, 0), try row.decode(Date.self, 1)]] = try stats(row) }
        return weeks.indices.map { atEnd.contains($0) ? byBounds[[weeks[$0].start, weeks[$0].end]] : nil }
    }

    private static let columns = """
        inbound, answered, median_response_seconds, within_target, judged, open, oldest_open_seconds, urgent
        """

    private static func stats(_ row: Row) throws -> ResponseStats {
        let inbound = try row.decode(Int.self, "inbound")
        let answered = try row.decode(Int.self, "answered")
        let withinTarget = try row.decode(Int.self, "within_target")
        let judged = try row.decode(Int.self, "judged")
        return ResponseStats(
            inbound: inbound, answered: answered, responseRate: Formatting.ratio(answered, of: inbound),
            medianFirstResponseSeconds: try row.decode(Double?.self, "median_response_seconds"),
            withinTarget: withinTarget, judged: judged, withinTargetRate: Formatting.ratio(withinTarget, of: judged),
            breached: judged - withinTarget, open: try row.decode(Int.self, "open"), atRisk: 0,
            oldestOpenAgeSeconds: try row.decode(Double?.self, "oldest_open_seconds"), urgent: try row.decode(Int.self, "urgent")
        )
    }
}
