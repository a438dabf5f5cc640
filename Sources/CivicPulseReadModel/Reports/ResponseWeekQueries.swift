import Foundation
import Postgres

/// The council's response figures for whole weeks, as the summary's trend shows them.
///
/// A week judged at its end is read from the row the processor keeps for it
/// (`projections.response_weeks`) unless its items changed since; any other week is computed
/// from the items by `projections.response_week_totals`, the function that filled the row. Reading
/// the rows took the trend from 85-180 ms to about a millisecond at 9.2M events (docs/performance.md).
public enum ResponseWeekQueries {
    /// The rows kept for the weeks starting at `starts`, cut in time zone `zone` and not stale,
    /// keyed by [week start, week end].
    public static func stored(org: String, starts: [Date], zone: String, on connection: Connection) throws -> [[Date]: WeekTotalsRow] {
        let rows = try connection.query("""
            SELECT w.week_start, w.week_end, \(unescaped: columns)
            FROM projections.response_weeks w
            WHERE w.org = \(org) AND w.week_start = ANY(\(starts.map(\.postgresText))::timestamptz[])
              AND EXISTS (SELECT 1 FROM projections.response_weeks_zone z WHERE z.org = w.org AND z.time_zone = \(zone))
              AND NOT EXISTS (SELECT 1 FROM projections.response_weeks_stale s WHERE s.org = w.org AND s.week_start = w.week_start)
            """)
        var byBounds: [[Date]: WeekTotalsRow] = [:]
        for row in rows { byBounds[[try row.decode(Date.self, 0), try row.decode(Date.self, 1)]] = try WeekTotalsRow(row: row) }
        return byBounds
    }

    /// The totals of `weeks` computed from the items, in their order; nil for a week the
    /// function gave no row for.
    public static func computed(org: String, weeks: [PeriodBounds], on connection: Connection) throws -> [WeekTotalsRow?] {
        var totals = [WeekTotalsRow?](repeating: nil, count: weeks.count)
        let rows = try connection.query("""
            SELECT n, \(unescaped: columns) FROM projections.response_week_totals(\(org),
                \(weeks.map(\.start.postgresText))::timestamptz[], \(weeks.map(\.end.postgresText))::timestamptz[],
                \(weeks.map(\.asOf.postgresText))::timestamptz[])
            """)
        for row in rows { totals[try row.decode(Int.self, "n") - 1] = try WeekTotalsRow(row: row) }
        return totals
    }

    private static let columns = """
        inbound, answered, median_response_seconds, within_target, judged, open, oldest_open_seconds, urgent
        """
}

/// A week's response totals: counts and the median first response.
public struct WeekTotalsRow: Sendable, Equatable {
    public var inbound: Int
    public var answered: Int
    public var medianSeconds: Double?
    public var withinTarget: Int
    public var judged: Int
    public var open: Int
    public var oldestOpenSeconds: Double?
    public var urgent: Int

    init(row: Row) throws {
        inbound = try row.decode(Int.self, "inbound")
        answered = try row.decode(Int.self, "answered")
        medianSeconds = try row.decode(Double?.self, "median_response_seconds")
        withinTarget = try row.decode(Int.self, "within_target")
        judged = try row.decode(Int.self, "judged")
        open = try row.decode(Int.self, "open")
        oldestOpenSeconds = try row.decode(Double?.self, "oldest_open_seconds")
        urgent = try row.decode(Int.self, "urgent")
    }
}
