import Foundation
import Postgres

/// The response items an incident report reads (`projections.response_items`): how the items
/// opened in some stretches of time were answered, and the urgent ones still waiting.
public enum IncidentQueries {
    /// Figures of the items opened in any of `windows` and by `asOf`, answers known by `asOf`.
    public static func windowFigures(org: String, windows: [(from: Date, to: Date)], asOf: Date,
                                     on connection: Connection) throws -> WindowFigureRow {
        let row = try connection.query("""
            WITH windows AS (
                SELECT f::timestamptz AS f, t::timestamptz AS t
                FROM unnest(\(windows.map(\.from.postgresText))::text[], \(windows.map(\.to.postgresText))::text[]) AS w(f, t)
            ),
            items AS (
                SELECT r.priority, r.due_at,
                       CASE WHEN r.responded_at <= \(asOf) THEN r.responded_at END AS responded_at,
                       CASE WHEN r.responded_at <= \(asOf) THEN r.response_seconds END AS response_seconds
                FROM projections.response_items r
                WHERE r.org = \(org) AND r.opened_at <= \(asOf)
                  AND EXISTS (SELECT 1 FROM windows w WHERE r.opened_at >= w.f AND r.opened_at < w.t)
            )
            SELECT count(*), count(responded_at), count(*) FILTER (WHERE priority = 'urgent'),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY response_seconds),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY response_seconds),
                   count(*) FILTER (WHERE responded_at <= due_at),
                   count(*) FILTER (WHERE due_at IS NOT NULL AND (responded_at IS NOT NULL OR due_at < \(asOf)))
            FROM items
            """)[0]
        return WindowFigureRow(
            items: try row.decode(Int.self, 0), answered: try row.decode(Int.self, 1), urgent: try row.decode(Int.self, 2),
            medianSeconds: try row.decode(Double?.self, 3), p90Seconds: try row.decode(Double?.self, 4),
            withinTarget: try row.decode(Int.self, 5), judged: try row.decode(Int.self, 6)
        )
    }

    /// Items opened from `from` to `to` and by `asOf`, urgent and unanswered at `asOf`, oldest first.
    public static func unansweredUrgent(org: String, from: Date, to: Date, asOf: Date, on connection: Connection) throws -> [ResponseItemRow] {
        try connection.query("""
            SELECT item_id, service, channel, account, priority, opened_at, due_at, NULL::timestamptz,
                   sla_business_clock, message_count
            FROM projections.response_items
            WHERE org = \(org) AND priority = 'urgent' AND opened_at >= \(from) AND opened_at < \(to) AND opened_at <= \(asOf)
              AND (responded_at IS NULL OR responded_at > \(asOf))
            ORDER BY opened_at, item_id
            """).map(ResponseItemRow.init(row:))
    }
}

/// How the items opened in some stretches of time were answered.
public struct WindowFigureRow: Sendable, Equatable {
    public var items: Int
    public var answered: Int
    public var urgent: Int
    public var medianSeconds: Double?
    public var p90Seconds: Double?
    /// Answered by the deadline, of the `judged` items whose outcome is known.
    public var withinTarget: Int
    public var judged: Int
}
