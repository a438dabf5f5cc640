import CivicPulseCore
import Foundation
import Postgres

/// Response figures for the items opened in some stretches of time, as known at an instant.
public struct WindowStats: Codable, Sendable, Equatable {
    public var items: Int
    public var answered: Int
    public var urgent: Int
    public var medianFirstResponseSeconds: Double?
    public var p90FirstResponseSeconds: Double?
    /// Answered by the deadline, of the items whose outcome is known (answered, or open past it).
    public var withinTarget: Int
    public var judged: Int

    enum CodingKeys: String, CodingKey {
        case items, answered, urgent, judged
        case medianFirstResponseSeconds = "median_first_response_seconds"
        case p90FirstResponseSeconds = "p90_first_response_seconds"
        case withinTarget = "within_target"
    }

    /// Items opened in any of `windows`, answers known by `asOf`.
    static func load(org: String, windows: [(from: Date, to: Date)], asOf: Date, on connection: Connection) throws -> WindowStats {
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
        return WindowStats(
            items: try row.decode(Int.self, 0), answered: try row.decode(Int.self, 1), urgent: try row.decode(Int.self, 2),
            medianFirstResponseSeconds: try row.decode(Double?.self, 3), p90FirstResponseSeconds: try row.decode(Double?.self, 4),
            withinTarget: try row.decode(Int.self, 5), judged: try row.decode(Int.self, 6)
        )
    }
}

/// Responses during an incident against the same hours of normal weeks.
public struct ResponseComparison: Codable, Sendable, Equatable {
    public var during: WindowStats
    /// Pooled over the normal weeks compared.
    public var normal: WindowStats
}

extension IncidentReport {
    /// Items opened in the period, urgent and unanswered at `asOf`, oldest first.
    static func unansweredUrgent(org: String, from: Date, to: Date, asOf: Date, config: PipelineConfig,
                                 on connection: Connection) throws -> [ListedItem] {
        try connection.query("""
            SELECT item_id, service, channel, account, priority, opened_at, due_at, NULL::timestamptz,
                   sla_business_clock, message_count, source_id, url
            FROM projections.response_items
            WHERE org = \(org) AND priority = 'urgent' AND opened_at >= \(from) AND opened_at < \(to) AND opened_at <= \(asOf)
              AND (responded_at IS NULL OR responded_at > \(asOf))
            ORDER BY opened_at, item_id
            """).map { row in
            var item = try ListedItem(row: row)
            item.status = item.status(config: config, asOf: asOf)?.rawValue ?? "no_target"
            return item
        }
    }
}
