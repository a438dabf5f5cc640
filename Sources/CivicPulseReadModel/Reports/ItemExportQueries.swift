import CivicPulseCore
import Foundation
import Postgres

/// What `civicpulse export items` and the FOI report read: every response item of a scope, and
/// the messages of their conversations that tell when each was resolved.
public enum ItemExportQueries {
    /// Every item of `scope` (its period up to the as-of instant, its service and channel), oldest
    /// first, an answer before the service next opened counted as `outOfHoursAnswer` says.
    public static func items(_ scope: ResponseItemScope, outOfHoursAnswer: OutOfHoursAnswer, on connection: Connection) throws -> [ExportItemRow] {
        try connection.query("""
            WITH chosen AS (SELECT c.* FROM projections.response_items c WHERE \(ResponseItemQueries.scope(scope, .any)))
            SELECT \(ExportItemRow.columns(asOf: scope.period.asOf, outOfHoursAnswer: outOfHoursAnswer))
            FROM chosen i
            ORDER BY \(unescaped: ResponseItemQueries.Order.oldestFirst.sql("i"))
            """).map(ExportItemRow.init(row:))
    }

    /// The messages of the conversations of `scope`'s items sent from `openedFrom` (the earliest
    /// item's opening) to the as-of instant, by conversation: what follows an item up to the as-of
    /// instant, and nothing after it, so an export as of a past instant reads as it would have
    /// then. Limited in SQL, not after reading, since sla and dashboard read this for every item of
    /// their period and a long conversation's whole history is mostly before it (docs/performance.md).
    public static func conversations(of scope: ResponseItemScope, openedFrom: Date, on connection: Connection) throws -> [String: [ConversationMessage]] {
        // The zone cuts the summary's weeks when items are written; reading messages needs none.
        let messages = try PostgresResponseRows(connection: connection, timeZone: .gmt)
            .messages(ofItemsIn: scope, from: openedFrom, through: scope.period.asOf)
        return Dictionary(grouping: messages, by: \.conversationKey)
    }
}
