import Foundation
import Postgres

/// The response items `civicpulse alerts` lists (`projections.response_items`): urgent ones
/// waiting, and deadlines just missed.
public enum AlertsQueries {
    /// Urgent items opened after `since` and by `asOf`, unanswered at `asOf`; by deadline.
    public static func urgentOpen(org: String, asOf: Date, since: Date, on connection: Connection) throws -> [ResponseItemRow] {
        try items(org, asOf: asOf, on: connection, where: """
            priority = 'urgent' AND opened_at > $3 AND (responded_at IS NULL OR responded_at > $2)
            """, since)
    }

    /// Items opened by `asOf` whose deadline passed from `since` to `asOf` unanswered; urgent
    /// first, then by deadline.
    public static func breaches(org: String, asOf: Date, since: Date, on connection: Connection) throws -> [ResponseItemRow] {
        try items(org, asOf: asOf, on: connection, where: """
            due_at >= $3 AND due_at < $2 AND (responded_at IS NULL OR responded_at > due_at)
            """, since)
    }

    /// Items opened by `asOf` that meet `condition` ($1 org, $2 as-of, $3 `bound`), urgent first, then by deadline.
    private static func items(_ org: String, asOf: Date, on connection: Connection, where condition: String, _ bound: Date) throws -> [ResponseItemRow] {
        let rows = try connection.query(Query(unsafeSQL: """
            SELECT item_id, service, channel, account, priority, opened_at, due_at,
                   CASE WHEN responded_at <= $2 THEN responded_at END AS responded_at,
                   sla_business_clock, message_count
            FROM projections.response_items
            WHERE org = $1 AND opened_at <= $2 AND \(condition)
            ORDER BY priority = 'urgent' DESC, due_at, opened_at, item_id
            """, binds: [org, asOf.postgresText, bound.postgresText]))
        return try rows.map(ResponseItemRow.init(row:))
    }
}
