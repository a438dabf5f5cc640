import Foundation
import Postgres

/// `privacy.message_keys`: the key of each resident's message the log holds sealed, and the
/// tombstone left when it is destroyed (docs/privacy.md).
public enum MessageKeys {
    /// A key to store with its message; or, for a message the erasure register lists, the
    /// tombstone alone (no key, the register's urgency verdict): it is stored already erased.
    public struct Stored: Sendable {
        public let eventID: UUID
        public let pseudonym: Data?
        public let key: Data?
        public let keywordUrgent: Bool?

        public init(eventID: UUID, pseudonym: Data?, key: Data) {
            self.eventID = eventID
            self.pseudonym = pseudonym
            self.key = key
            keywordUrgent = nil
        }

        public init(eventID: UUID, pseudonym: Data?, erasedAsUrgent urgent: Bool) {
            self.eventID = eventID
            self.pseudonym = pseudonym
            key = nil
            keywordUrgent = urgent
        }
    }

    /// What the processor joins the log with to read each message's key in the same query as the
    /// message: no round trip of its own, and the key is read in the same snapshot as the event.
    public static let readJoin = "LEFT JOIN privacy.message_keys privacy_keys USING (event_id)"
    /// The columns of ``readJoin`` that ``OpenedMessage`` takes: keyed, key, keyword_urgent.
    public static let readColumns = "privacy_keys.event_id IS NOT NULL, privacy_keys.key, privacy_keys.keyword_urgent"

    /// Stores `keys` with one COPY, in the transaction that appends their messages.
    public static func store(_ keys: [Stored], on connection: Connection) throws {
        guard !keys.isEmpty else { return }
        let now = Date()
        _ = try connection.copyIn("COPY privacy.message_keys (event_id, pseudonym, key, keyword_urgent, destroyed_at) FROM STDIN") { writer in
            for stored in keys {
                writer.field(stored.eventID)
                writer.field(stored.pseudonym)
                writer.field(stored.key)
                writer.field(stored.keywordUrgent)
                writer.field(stored.key == nil ? now : nil)
                try writer.endRow()
            }
        }
    }

    /// Those of `ids` whose key was destroyed: messages erased, which no later reading may bring back.
    public static func erased(among ids: [UUID], on connection: Connection) throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        return Set(try connection.query(.prepared("""
            SELECT event_id FROM privacy.message_keys WHERE event_id = ANY(\(BinaryArray(ids))) AND key IS NULL
            """)).map { try $0.decode(UUID.self, 0) })
    }

    /// The pseudonyms the messages `ids` are logged under now.
    static func pseudonyms(of ids: [UUID], on connection: Connection) throws -> [Data] {
        guard !ids.isEmpty else { return [] }
        return try connection.query("""
            SELECT DISTINCT pseudonym FROM privacy.message_keys WHERE event_id = ANY(\(ids.map(\.uuidString))::uuid[]) AND pseudonym IS NOT NULL
            """).map { try $0.decode(Data.self, 0) }
    }

    /// Destroys the keys of `verdicts`' messages still readable, leaving each a tombstone with its
    /// keyword-urgency verdict; returns the ids of those destroyed now.
    static func destroy(_ verdicts: [UUID: Bool], on connection: Connection) throws -> [UUID] {
        guard !verdicts.isEmpty else { return [] }
        let ids = Array(verdicts.keys)
        return try connection.query("""
            UPDATE privacy.message_keys k SET key = NULL, keyword_urgent = v.urgent, destroyed_at = now()
            FROM unnest(\(ids.map(\.uuidString))::uuid[], \(ids.map { verdicts[$0]! ? "true" : "false" })::boolean[]) AS v(event_id, urgent)
            WHERE k.event_id = v.event_id AND k.key IS NOT NULL
            RETURNING k.event_id
            """).map { try $0.decode(UUID.self, 0) }
    }
}
