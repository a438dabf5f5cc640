import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres
@testable import CivicPulseProcessor

/// Every message of these conversations as the response projection holds them: those stored,
/// and those settled at their cut (migration 154) read from the log as the processor reads them
/// again. For tests that recount what the items say from the messages themselves.
func conversationMessages(of keys: [String], on connection: Connection, timeZone: TimeZone) throws -> [ConversationMessage] {
    let settled = try connection.query("""
        SELECT conversation_key, org, positions, urgent FROM projections.conversation_settled WHERE conversation_key = ANY(\(keys))
        """).map { row in
        SettledMessages(conversationKey: try row.decode(String.self, 0), org: try row.decode(String.self, 1),
                        positions: try row.decode(BigIntArray.self, 2).values, urgent: try row.decode(BigIntArray.self, 3).values)
    }
    return try PostgresResponseRows(connection: connection, timeZone: timeZone).messages(of: keys)
        + PostgresMessageLog(connection: connection).messages(settled).map(\.message)
}

/// The conversation the message at `position` in the log is in, stored or settled.
func conversationKey(ofMessageAt position: Int64, on connection: Connection) throws -> String? {
    try connection.query("""
        SELECT conversation_key FROM projections.conversation_messages WHERE log_position = \(position)
        UNION SELECT conversation_key FROM projections.conversation_settled WHERE positions @> ARRAY[\(position)::bigint]
        """).first.map { try $0.decode(String.self, 0) }
}

/// The distinct links of residents' messages the projections hold: in a message's row while it is
/// stored, in the item it opens (a settled message has no row, migration 154); of the messages
/// `sources` names, or of all but `except`.
func residentLinks(on connection: Connection, sources: [String]? = nil, except: [String] = []) throws -> [String] {
    try connection.query("""
        SELECT DISTINCT url FROM (SELECT source_id, url FROM projections.conversation_messages WHERE NOT actor_is_org
                                  UNION ALL SELECT source_id, url FROM projections.response_items) AS copies
        WHERE url IS NOT NULL AND (\(sources == nil) OR source_id = ANY(\(sources ?? []))) AND source_id <> ALL(\(except))
        """).map { try $0.decode(String.self, 0) }
}
