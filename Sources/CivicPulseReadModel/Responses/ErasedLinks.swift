import Foundation
import Postgres

/// Clears the links of erased messages from the projections that copied them, so no plaintext
/// link of a forgotten message outlives its key (docs/privacy.md). A rebuild writes the same:
/// the processor reads no link for a message whose key is gone.
public enum ErasedLinks {
    /// Clears the links of the messages `eventIDs` (a response item carries its first message's);
    /// returns how many rows changed.
    public static func clear(_ eventIDs: [UUID], on connection: Connection) throws -> Int {
        guard !eventIDs.isEmpty else { return 0 }
        let ids = eventIDs.map(\.uuidString)
        let messages = try connection.query("""
            UPDATE projections.conversation_messages SET url = NULL WHERE event_id = ANY(\(ids)::uuid[]) AND url IS NOT NULL
            """).affectedRows
        let items = try connection.query("""
            UPDATE projections.response_items SET url = NULL WHERE item_id = ANY(\(ids)::uuid[]) AND url IS NOT NULL
            """).affectedRows
        return messages + items
    }
}
