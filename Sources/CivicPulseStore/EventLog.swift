import CivicPulseCore
import Foundation
import Postgres

/// Appends events to `civicpulse.events`: COPY into a temporary table, then one
/// `INSERT … SELECT … ON CONFLICT DO NOTHING`, which keeps re-ingest idempotent at close
/// to raw COPY speed (batched multi-row INSERTs measured ~1.7× slower here). The staging table is
/// emptied with DELETE, not TRUNCATE: it is empty unless this transaction appended before, and a
/// TRUNCATE per file (new relfilenode, catalog update) cost 1.4 ms, 9% of ingest (docs/performance.md).
public enum EventLog {
    public struct AppendResult: Sendable, Equatable {
        public var appended: Int
        public var duplicates: Int
    }

    static let columns = [
        "event_id", "org", "platform", "source_type", "source_id", "channel", "account", "service", "kind",
        "conversation_id", "parent_id", "actor_hash", "actor_is_org", "addressee_hash", "occurred_at",
        "body", "url", "details", "source_file",
    ]

    /// Appends `events` inside the caller's transaction; an event already in the log is a duplicate.
    public static func append(_ events: [EngagementEvent], sourceFile: String?, on connection: Connection) throws -> AppendResult {
        guard !events.isEmpty else { return AppendResult(appended: 0, duplicates: 0) }
        let list = columns.joined(separator: ", ")
        try connection.execute("""
            CREATE TEMPORARY TABLE IF NOT EXISTS staged_events ON COMMIT DELETE ROWS AS
                SELECT \(list) FROM civicpulse.events WITH NO DATA;
            DELETE FROM staged_events
            """)
        try connection.copyIn("COPY staged_events (\(list)) FROM STDIN") { writer in
            for event in events {
                writer.field(event.eventID)
                writer.field(event.org)
                writer.field(event.platform)
                writer.field(event.sourceType)
                writer.field(event.sourceID)
                writer.field(event.channel)
                writer.field(event.account)
                writer.field(event.service)
                writer.field(event.kind.rawValue)
                writer.field(event.conversationID)
                writer.field(event.parentID)
                writer.field(event.actorHash)
                writer.field(event.actorIsOrg)
                writer.field(event.addresseeHash)
                writer.field(event.occurredAt)
                writer.field(event.text)
                writer.field(event.url)
                writer.field(event.details.jsonText)
                writer.field(sourceFile)
                try writer.endRow()
            }
        }
        // Positions follow event time within a batch, which keeps the log readable by eye.
        let inserted = try connection.query(Query(unsafeSQL: """
            INSERT INTO civicpulse.events (\(list))
            SELECT \(list) FROM staged_events ORDER BY occurred_at, event_id
            ON CONFLICT (event_id) DO NOTHING
            """))
        return AppendResult(appended: inserted.affectedRows, duplicates: events.count - inserted.affectedRows)
    }

    /// How many events the log holds.
    public static func count(on connection: Connection) throws -> Int {
        try connection.query("SELECT count(*) FROM civicpulse.events")[0].decode(Int.self, 0)
    }
}
