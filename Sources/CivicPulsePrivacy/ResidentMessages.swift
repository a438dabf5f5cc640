import Foundation
import Postgres

/// Every message the log holds of one resident, found through their pseudonym's keys, for a
/// subject access request (docs/privacy.md, "Access").
public enum ResidentMessages {
    /// The messages written under `pseudonym`, oldest first, each opened with its key while the
    /// key exists. Messages logged before sealing began have no key row and are not found here
    /// (docs/privacy.md says what that leaves).
    public static func held(by pseudonym: Data, on connection: Connection) throws -> [HeldMessage] {
        try connection.query("""
            SELECT k.event_id, e.position, e.occurred_at, e.platform, e.channel, e.account, e.service, e.kind,
                   e.conversation_id, e.source_id, k.key, e.body, e.url
            FROM privacy.message_keys k JOIN civicpulse.events e USING (event_id)
            WHERE k.pseudonym = \(pseudonym)
            ORDER BY e.occurred_at, k.event_id
            """).map { row in
            let key = try row.decode(Data?.self, 10)
            func opened(_ column: Int) throws -> String? {
                guard let key else { return nil }
                return try row.decode(String?.self, column).flatMap { MessageCipher.open($0, key: key) }
            }
            return HeldMessage(
                eventID: try row.decode(UUID.self, 0), logPosition: try row.decode(Int64.self, 1), occurredAt: try row.decode(Date.self, 2),
                platform: try row.decode(String.self, 3), channel: try row.decode(String.self, 4), account: try row.decode(String.self, 5),
                service: try row.decode(String.self, 6), kind: try row.decode(String.self, 7), conversationID: try row.decode(String?.self, 8),
                sourceID: try row.decode(String.self, 9), readable: key != nil, text: try opened(11), url: try opened(12))
        }
    }
}
