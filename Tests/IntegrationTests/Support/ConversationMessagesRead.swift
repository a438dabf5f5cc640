import CivicPulseCore
import CivicPulsePrivacy
import CivicPulseReadModel
import Foundation
import Postgres
@testable import CivicPulseProcessor

/// Every message of these conversations as the response projection holds them: those stored,
/// and those settled at their cut (migration 154) read from the log as the processor reads them
/// again. For tests that recount what the items say from the messages themselves.
func conversationMessages(of keys: [String], on connection: Connection, timeZone: TimeZone) throws -> [ConversationMessage] {
    let settled = try connection.query("""
        SELECT \(unescaped: SettledMessages.columns) FROM projections.conversation_settled WHERE conversation_key = ANY(\(keys))
        """).map(SettledMessages.init(row:))
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

/// The distinct links of residents' messages the reports list beside their items, opened from
/// the log (`MessageLinks`: no projection holds a link); of the messages `sources` names, or of
/// all but `except`.
func residentLinks(on connection: Connection, sources: [String]? = nil, except: [String] = []) throws -> [String] {
    let items = try connection.query("SELECT item_id FROM projections.response_items").map { try $0.decode(UUID.self, 0) }
    let links = try MessageLinks.of(items, on: connection).values
        .filter { (sources?.contains($0.sourceID) ?? true) && !except.contains($0.sourceID) }
    return Set(links.compactMap(\.url)).sorted()
}
