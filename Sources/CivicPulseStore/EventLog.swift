import CivicPulseCore
import Foundation
import Postgres

/// Appends events to `civicpulse.events`, idempotently: an event already in the log is a duplicate.
///
/// The usual case is a file with nothing in the log yet, so the ids are looked up first and the
/// new events are COPYed straight into the log: that is what `psql \copy` does, and staging
/// every row in a temporary table first (then `INSERT … SELECT … ON CONFLICT DO NOTHING`) cost
/// as much server time again (docs/performance.md). If another ingest appends one of the same
/// events between the lookup and the COPY, the COPY fails on the unique index; it is then rolled
/// back to a savepoint and the file goes the staged way, which never fails on a duplicate.
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

    /// Appends `events` inside the caller's transaction.
    public static func append(_ events: [EngagementEvent], sourceFile: String?, on connection: Connection) throws -> AppendResult {
        guard !events.isEmpty else { return AppendResult(appended: 0, duplicates: 0) }
        let stored = Set(try connection.query("""
            SELECT event_id FROM civicpulse.events WHERE event_id = ANY(\(events.map(\.eventID.postgresText))::uuid[])
            """).map { try $0.decode(UUID.self, 0) })
        // New events once each, in event time: positions follow event time within a file,
        // which keeps the log readable by eye.
        var seen = stored
        let new = events.filter { seen.insert($0.eventID).inserted }
            .sorted { ($0.occurredAt, $0.eventID.byteOrder.0, $0.eventID.byteOrder.1) < ($1.occurredAt, $1.eventID.byteOrder.0, $1.eventID.byteOrder.1) }
        guard !new.isEmpty else { return AppendResult(appended: 0, duplicates: events.count) }
        let list = columns.joined(separator: ", ")
        try connection.execute("SAVEPOINT civicpulse_append")
        do {
            let appended = try copy(new, sourceFile: sourceFile, into: "civicpulse.events (\(list))", on: connection)
            try connection.execute("RELEASE SAVEPOINT civicpulse_append")
            return AppendResult(appended: appended, duplicates: events.count - appended)
        } catch let error as PostgresError where error.sqlState == "23505" {
            try connection.execute("ROLLBACK TO SAVEPOINT civicpulse_append; RELEASE SAVEPOINT civicpulse_append")
        }
        try connection.execute("""
            CREATE TEMPORARY TABLE IF NOT EXISTS staged_events ON COMMIT DELETE ROWS AS
                SELECT \(list) FROM civicpulse.events WITH NO DATA;
            DELETE FROM staged_events
            """)
        try copy(new, sourceFile: sourceFile, into: "staged_events (\(list))", on: connection)
        let inserted = try connection.query(Query(unsafeSQL: """
            INSERT INTO civicpulse.events (\(list))
            SELECT \(list) FROM staged_events ORDER BY occurred_at, event_id
            ON CONFLICT (event_id) DO NOTHING
            """))
        return AppendResult(appended: inserted.affectedRows, duplicates: events.count - inserted.affectedRows)
    }

    @discardableResult
    private static func copy(_ events: [EngagementEvent], sourceFile: String?, into target: String, on connection: Connection) throws -> Int {
        try connection.copyIn("COPY \(target) FROM STDIN") { writer in
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
    }

    /// How many events the log holds.
    public static func count(on connection: Connection) throws -> Int {
        try connection.query("SELECT count(*) FROM civicpulse.events")[0].decode(Int.self, 0)
    }
}
