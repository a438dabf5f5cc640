import Foundation
import Postgres

/// The response item a resident's message belongs to, with the council's answer, as
/// `resident export` shows it beside the message: the projection's own times, not recomputed.
public struct MessageItemRow: Sendable, Equatable {
    public var itemID: UUID
    public var priority: String
    public var dueAt: Date?
    public var respondedAt: Date?
    public var responderAccount: String?
    /// Wall-clock seconds from the item's first message to the answer.
    public var responseSeconds: Double?
    /// The same on the service's business calendar.
    public var businessResponseSeconds: Double?
    /// Wall-clock seconds from this message itself to the answer (every reply,
    /// docs/response-matching.md rule 7); nil while unanswered.
    public var replySeconds: Double?
    /// The same on the business calendar in force when the message was sent.
    public var businessReplySeconds: Double?
    /// The answer's text as the council wrote it (its messages are not sealed).
    public var answerText: String?
    public var answerURL: String?

    /// The items holding the messages at `positions` in the log, written by `resident` (their
    /// pseudonym), by position; a message in no item (one that awaits no answer) is not a key.
    ///
    /// A message belongs to its resident's spell in its conversation that it falls within
    /// (docs/response-matching.md: one spell per resident at a time). A settled message (at or
    /// before its conversation's cut, migration 154) is found by its position in
    /// `conversation_settled`, at the time its latest correction gives, or the log's.
    public static func items(holding positions: [Int64], resident: Data, on connection: Connection) throws -> [Int64: MessageItemRow] {
        guard !positions.isEmpty else { return [:] }
        var items: [Int64: MessageItemRow] = [:]
        for row in try connection.query("""
            SELECT p.log_position, i.item_id, i.priority, i.due_at, i.responded_at, i.responder_account,
                   i.response_seconds, i.business_response_seconds, a.body, a.url,
                   CASE WHEN e.event_id = i.item_id THEN i.response_seconds ELSE r.reply_seconds END,
                   CASE WHEN e.event_id = i.item_id THEN i.business_response_seconds ELSE r.business_reply_seconds END
            FROM unnest(\(BinaryArray(positions))) AS p(log_position)
            JOIN civicpulse.events e ON e.position = p.log_position
            LEFT JOIN projections.conversation_messages m ON m.log_position = p.log_position
            LEFT JOIN projections.conversation_settled s ON m.log_position IS NULL AND projections.holds_any_position(s.positions, ARRAY[p.log_position])
            CROSS JOIN LATERAL (
                SELECT coalesce(m.occurred_at, (SELECT c.occurred_at FROM civicpulse.events c
                                                WHERE c.kind = 'correction' AND c.details ->> 'corrects' = e.event_id::text
                                                ORDER BY c.tx_id DESC, c.position DESC LIMIT 1), e.occurred_at) AS at
            ) t
            JOIN projections.response_items i ON i.conversation_key = coalesce(m.conversation_key, s.conversation_key)
                 AND i.resident_hash = \(resident) AND t.at BETWEEN i.opened_at AND i.last_message_at
            LEFT JOIN civicpulse.events a ON a.event_id = i.response_event_id
            LEFT JOIN projections.later_replies r ON r.org = i.org AND r.item_opened_at = i.opened_at AND r.item_id = i.item_id
                 AND r.message_id = e.event_id
            """) {
            items[try row.decode(Int64.self, 0)] = MessageItemRow(
                itemID: try row.decode(UUID.self, 1), priority: try row.decode(String.self, 2), dueAt: try row.decode(Date?.self, 3),
                respondedAt: try row.decode(Date?.self, 4), responderAccount: try row.decode(String?.self, 5),
                responseSeconds: try row.decode(Double?.self, 6), businessResponseSeconds: try row.decode(Double?.self, 7),
                replySeconds: try row.decode(Double?.self, 10), businessReplySeconds: try row.decode(Double?.self, 11),
                answerText: try row.decode(String?.self, 8), answerURL: try row.decode(String?.self, 9))
        }
        return items
    }
}
