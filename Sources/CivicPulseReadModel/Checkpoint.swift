import Postgres

/// How far the projections have read the log: the last (transaction id, position) taken.
///
/// Events are taken in (tx_id, position) order and only once their transaction is older than
/// every transaction still running, so nothing can later appear behind a checkpoint.
/// The read model owns `projections.checkpoints`: the processor moves the checkpoint with each
/// batch, and reports ask it how far behind the log the projections stand.
public struct Checkpoint: Sendable, Equatable {
    public var txID: String
    public var position: Int64
    public var eventsProcessed: Int64

    public init(txID: String, position: Int64, eventsProcessed: Int64) {
        self.txID = txID
        self.position = position
        self.eventsProcessed = eventsProcessed
    }

    public static let start = Checkpoint(txID: "0", position: 0, eventsProcessed: 0)

    /// The version of what the projections hold and of the rules that fill them, kept with the
    /// checkpoint. Raise it with every change after which rows an earlier binary wrote are not
    /// what this one would write (a new projection, a column filled from the log, a changed rule):
    /// the next `process` finds the older number and rebuilds (`Processor.resetIfOutdated`), and
    /// until then reports count the whole log as not processed, so an upgraded database never
    /// reports from a projection that was never filled without saying so.
    /// 1: the YouTube projection (issue 21) and residents' pseudonyms (issue 22).
    /// 2: every reply's time (`projections.response_replies`, issue 23).
    /// 3: wall-clock response and reply times to the millisecond (`ExactSeconds`), without the
    ///    binary noise stored before.
    /// 4: the councils' business clocks for analysts' SQL (`projections.business_clock_periods`).
    /// 5: conversations and reply trees per council (`ConversationMessage.key(org:…)`, migration 131).
    /// 6: each item's resolution kept with it (`KeptResolution`, migration 133).
    /// 7: each kept resolution's business time with it (`KeptResolution.businessSeconds`, migration 142).
    /// 8: conversation keys as digests (`ConversationMessage.key(org:…)`).
    /// 9: each item's calendar and policy versions by id (`ResponseRules`, migration 157), and only
    ///    an item's later replies stored (`projections.later_replies`, migration 158), so that the
    ///    rebuild rewrites the tables those migrations left holding the bytes they dropped.
    public static let projectionsVersion = 9

    /// The one checkpoint every projection shares: they are applied in the same transaction, so
    /// they always stand at the same point of the log.
    static let name = "responses"

    /// Where the projections stand, or `start` before anything was processed.
    public static func load(on connection: Connection) throws -> Checkpoint {
        let rows = try connection.query("SELECT tx_id::text, position, events_processed FROM projections.checkpoints WHERE name = \(name)")
        guard let row = rows.first else { return .start }
        return Checkpoint(txID: try row.decode(String.self, 0), position: try row.decode(Int64.self, 1), eventsProcessed: try row.decode(Int64.self, 2))
    }

    /// Where the projections stand, for a transaction that may move the checkpoint: holds it
    /// until that transaction ends, so that a second processor's batch waits here and then sees
    /// where this one left it, and no two processors apply the same events.
    public static func claim(on connection: Connection) throws -> Checkpoint {
        // A lock of its own, not the row's: before the first batch there is no row to lock. Taken
        // in a statement before the load, whose snapshot must come after the wait.
        try connection.query("SELECT pg_advisory_xact_lock(hashtext('civicpulse.checkpoint.' || \(name)))")
        return try load(on: connection)
    }

    /// Records this as where the projections stand, kept by projections of `projectionsVersion`;
    /// called in the batch's own transaction.
    public func save(projectionsVersion: Int, on connection: Connection) throws {
        try connection.query("""
            INSERT INTO projections.checkpoints (name, tx_id, position, events_processed, updated_at, projections_version)
            VALUES (\(Self.name), \(txID)::xid8, \(position), \(eventsProcessed), now(), \(projectionsVersion))
            ON CONFLICT (name) DO UPDATE SET tx_id = excluded.tx_id, position = excluded.position,
                events_processed = excluded.events_processed, updated_at = excluded.updated_at,
                projections_version = excluded.projections_version
            """)
    }

    /// The version of the projections that moved the checkpoint last: nil before anything was
    /// processed (or after a rebuild's reset), 0 for a checkpoint written before versions were kept.
    public static func storedProjectionsVersion(on connection: Connection) throws -> Int? {
        let rows = try connection.query("SELECT coalesce(projections_version, 0) FROM projections.checkpoints WHERE name = \(name)")
        return try rows.first?.decode(Int.self, 0)
    }

    /// Forgets where the projections stood, for a rebuild from the start of the log.
    public static func clear(on connection: Connection) throws {
        try connection.query("DELETE FROM projections.checkpoints WHERE name = \(name)")
    }

    /// Events in the log beyond the checkpoint, counted up to `limit` and one more (which
    /// stands for more than `limit`); every event, when an earlier version of the projections
    /// moved the checkpoint. The count walks the log's (tx_id, position) index from the
    /// checkpoint, so it costs what it counts: a bulk import can leave millions waiting.
    public static func eventsBeyond(limit: Int, on connection: Connection) throws -> Int {
        try connection.query("""
            WITH current AS (
                SELECT tx_id, position FROM projections.checkpoints
                WHERE name = \(name) AND projections_version = \(projectionsVersion))
            SELECT count(*) FROM (
                SELECT 1 FROM civicpulse.events
                WHERE (tx_id, position) > (coalesce((SELECT tx_id FROM current), '0'::xid8), coalesce((SELECT position FROM current), 0))
                LIMIT \(limit + 1)
            ) AS waiting
            """)[0].decode(Int.self, 0)
    }
}
