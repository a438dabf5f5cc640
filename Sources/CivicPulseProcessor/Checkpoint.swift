import Postgres

/// How far a projection has read the log: the last (transaction id, position) it took.
///
/// Events are taken in (tx_id, position) order and only once their transaction is older than
/// every transaction still running, so nothing can later appear behind a checkpoint.
public struct Checkpoint: Sendable, Equatable {
    public var txID: String
    public var position: Int64
    public var eventsProcessed: Int64

    public static let start = Checkpoint(txID: "0", position: 0, eventsProcessed: 0)

    static func load(_ name: String, on connection: Connection) throws -> Checkpoint {
        let rows = try connection.query("SELECT tx_id::text, position, events_processed FROM projections.checkpoints WHERE name = \(name)")
        guard let row = rows.first else { return .start }
        return Checkpoint(txID: try row.decode(String.self, 0), position: try row.decode(Int64.self, 1), eventsProcessed: try row.decode(Int64.self, 2))
    }

    func save(_ name: String, on connection: Connection) throws {
        try connection.query("""
            INSERT INTO projections.checkpoints (name, tx_id, position, events_processed, updated_at)
            VALUES (\(name), \(txID)::xid8, \(position), \(eventsProcessed), now())
            ON CONFLICT (name) DO UPDATE SET tx_id = excluded.tx_id, position = excluded.position,
                events_processed = excluded.events_processed, updated_at = excluded.updated_at
            """)
    }
}
