import CivicPulseCore
import Foundation
import Postgres

/// Response figures counted over `projections.response_items` for several periods in one
/// query: the dashboard's and SLA report's figures, the items that may be at risk, and the
/// league table's response columns.
public enum ResponseFigureQueries {
    /// How figures are split; every grouping also gives the total (service and channel nil).
    public enum Grouping: Sendable {
        case serviceAndChannel, service, totalOnly

        /// The grouping sets (`n` numbers the periods), and the select list naming each row.
        var sql: (sets: String, keys: String) {
            switch self {
            case .serviceAndChannel: ("(n, service, channel), (n)", "service, channel, grouping(service, channel) = 3 AS is_total")
            case .service: ("(n, service), (n)", "service, NULL::text AS channel, grouping(service) = 1 AS is_total")
            case .totalOnly: ("(n)", "NULL::text AS service, NULL::text AS channel, true AS is_total")
            }
        }
    }

    /// The figures of `scope`'s org, service and channel in each of `periods` (the scope's own
    /// period is ignored), by period, then totals last, then service and channel.
    ///
    /// Exact percentiles (`percentile_cont`, interpolated) straight from the projection, and an
    /// exact mean (summed as numeric), so a period's mean is the same whichever other periods
    /// the query reads beside it and in whatever order the rows come (the weekly summary reads
    /// several weeks, the dashboard one). An item
    /// answered after a period's `asOf` counts as open at that `asOf`, so a report for a past week
    /// reads as it would have then. The business-clock median counts an answer given before the
    /// service next opened as `outOfHoursAnswer` says; `closed_hours` counts those answers.
    public static func figures(_ scope: ResponseItemScope, periods: [PeriodBounds], grouping: Grouping,
                               outOfHoursAnswer: OutOfHoursAnswer, on connection: Connection) throws -> [ResponseFigureRow] {
        try connection.query("""
            WITH p AS (
                SELECT * FROM unnest(\(periods.map(\.start.postgresText))::timestamptz[], \(periods.map(\.end.postgresText))::timestamptz[],
                                     \(periods.map(\.asOf.postgresText))::timestamptz[]) WITH ORDINALITY AS p(start_at, end_at, as_of, n)
            ), items AS (
                SELECT p.n, p.as_of, service, channel, priority, opened_at, due_at,
                       CASE WHEN responded_at <= p.as_of THEN responded_at END AS responded_at,
                       CASE WHEN responded_at <= p.as_of THEN response_seconds END AS response_seconds,
                       CASE WHEN responded_at <= p.as_of THEN \(outOfHoursAnswer.businessSeconds(of: "i")) END AS business_seconds,
                       responded_at <= p.as_of AND business_response_seconds = 0 AS answered_closed
                FROM p JOIN projections.response_items i
                  ON i.org = \(scope.org) AND i.opened_at >= p.start_at AND i.opened_at < p.end_at AND i.opened_at <= p.as_of
                WHERE (\(scope.service)::text IS NULL OR service = \(scope.service))
                  AND (\(scope.channel)::text IS NULL OR channel = \(scope.channel))
            )
            SELECT n, \(unescaped: grouping.sql.keys),
                   count(*) AS inbound,
                   count(responded_at) AS answered,
                   avg(response_seconds::numeric)::double precision AS mean_s,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY response_seconds) AS median_s,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY response_seconds) AS p90_s,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY response_seconds) AS p95_s,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY business_seconds) AS median_business_s,
                   count(*) FILTER (WHERE answered_closed) AS closed_hours,
                   count(*) FILTER (WHERE responded_at <= due_at) AS within_target,
                   count(*) FILTER (WHERE due_at IS NOT NULL AND (responded_at IS NOT NULL OR due_at < as_of)) AS judged,
                   count(*) FILTER (WHERE responded_at IS NULL) AS open,
                   extract(epoch FROM max(as_of) - min(opened_at) FILTER (WHERE responded_at IS NULL)) AS oldest_open_s,
                   count(*) FILTER (WHERE priority = 'urgent') AS urgent
            FROM items
            GROUP BY GROUPING SETS (\(unescaped: grouping.sql.sets))
            ORDER BY n, is_total, service, channel
            """).map(ResponseFigureRow.init(row:))
    }

    /// The items of each period open and not yet due at its as-of instant: only they can be at
    /// risk. Every column is in the `(org, opened_at)` index, so this reads no table pages.
    public static func atRiskCandidates(_ scope: ResponseItemScope, periods: [PeriodBounds],
                                        on connection: Connection) throws -> [AtRiskCandidateRow] {
        try connection.query("""
            SELECT p.n, service, channel, opened_at, due_at, sla_business_clock, item_id, priority = 'urgent'
            FROM unnest(\(periods.map(\.start.postgresText))::timestamptz[], \(periods.map(\.end.postgresText))::timestamptz[],
                        \(periods.map(\.asOf.postgresText))::timestamptz[]) WITH ORDINALITY AS p(start_at, end_at, as_of, n)
            JOIN projections.response_items i
              ON i.org = \(scope.org) AND i.opened_at >= p.start_at AND i.opened_at < p.end_at AND i.opened_at <= p.as_of
            WHERE (\(scope.service)::text IS NULL OR service = \(scope.service))
              AND (\(scope.channel)::text IS NULL OR channel = \(scope.channel))
              AND (responded_at IS NULL OR responded_at > p.as_of) AND due_at >= p.as_of
            """).map { row in
            AtRiskCandidateRow(
                period: try row.decode(Int.self, 0) - 1, service: try row.decode(String.self, 1), channel: try row.decode(String.self, 2),
                openedAt: try row.decode(Date.self, 3), dueAt: try row.decode(Date.self, 4), businessClock: try row.decode(Bool?.self, 5),
                itemID: try row.decode(UUID.self, 6), urgent: try row.decode(Bool.self, 7)
            )
        }
    }

    /// Items, answers and the median answer per service and in all (service nil) for the
    /// league table, answers judged at the period's as-of instant.
    public static func leagueFigures(org: String, period: PeriodBounds, service: String?,
                                     on connection: Connection) throws -> [LeagueResponseRow] {
        try connection.query("""
            SELECT service, grouping(service) = 1 AS is_total, count(*) AS items,
                   count(*) FILTER (WHERE responded_at <= \(period.asOf)) AS answered,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY response_seconds) FILTER (WHERE responded_at <= \(period.asOf)) AS median_s
            FROM projections.response_items
            WHERE org = \(org) AND opened_at >= \(period.start) AND opened_at < \(period.end) AND opened_at <= \(period.asOf)
              AND (\(service)::text IS NULL OR service = \(service))
            GROUP BY GROUPING SETS ((service), ())
            """).map { row in
            LeagueResponseRow(
                service: try row.decode(Bool.self, "is_total") ? nil : try row.decode(String?.self, "service"),
                items: try row.decode(Int.self, "items"), answered: try row.decode(Int.self, "answered"),
                medianSeconds: try row.decode(Double?.self, "median_s")
            )
        }
    }
}

/// The league table's response figures of a service, or of all (service nil).
public struct LeagueResponseRow: Sendable, Equatable {
    public var service: String?
    public var items: Int
    public var answered: Int
    public var medianSeconds: Double?
}
