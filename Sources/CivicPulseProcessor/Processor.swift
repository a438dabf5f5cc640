import CivicPulseCore
import Foundation
import Postgres

/// Follows the event log and keeps the projections current, one transaction per batch:
/// the batch's projection rows and the checkpoint commit together or not at all, so the
/// processor can be killed at any point and resumes exactly where it left off.
public struct Processor {
    public static let checkpointName = "responses"
    public static let channel = "civicpulse_events"

    public let connection: Connection
    /// Supplies services' calendars and the SLA policy; a rebuild under the same config
    /// reproduces incremental processing exactly.
    public let config: PipelineConfig
    public var batchSize: Int

    public init(connection: Connection, config: PipelineConfig, batchSize: Int = 10_000) {
        self.connection = connection
        self.config = config
        self.batchSize = batchSize
    }

    public struct BatchOutcome: Sendable, Equatable {
        /// Events taken from the log in this batch.
        public var processed: Int
        /// Committed events exist that an older, still-running transaction keeps us from taking yet.
        public var heldBack: Bool
    }

    /// Processes at most one batch.
    @discardableResult
    public func processBatch() throws -> BatchOutcome {
        try connection.transaction {
            var checkpoint = try Checkpoint.load(Self.checkpointName, on: connection)
            let rows = try connection.query("""
                SELECT \(unescaped: LoggedEvent.columns)
                FROM civicpulse.events
                WHERE (tx_id, position) > (\(checkpoint.txID)::xid8, \(checkpoint.position))
                  AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
                ORDER BY tx_id, position
                LIMIT \(batchSize)
                """)
            guard !rows.isEmpty else {
                return BatchOutcome(processed: 0, heldBack: try hasHeldBackEvents(after: checkpoint))
            }
            let events = try rows.map(LoggedEvent.init(row:))
            for projection in Self.projections {
                try projection.init(connection: connection, config: config).apply(events)
            }
            let last = events[events.count - 1]
            checkpoint.txID = last.txID
            checkpoint.position = last.position
            checkpoint.eventsProcessed += Int64(rows.count)
            try checkpoint.save(Self.checkpointName, on: connection)
            return BatchOutcome(processed: rows.count, heldBack: false)
        }
    }

    /// Processes until nothing more can be taken; returns how many events that was.
    @discardableResult
    public func catchUp() throws -> Int {
        var total = 0
        while true {
            let outcome = try processBatch()
            total += outcome.processed
            if outcome.processed == 0 { return total }
        }
    }

    /// Empties the projections and replays the whole log.
    @discardableResult
    public func rebuild() throws -> Int {
        try connection.transaction {
            for projection in Self.projections {
                try projection.init(connection: connection, config: config).reset()
            }
            try connection.query("DELETE FROM projections.checkpoints WHERE name = \(Self.checkpointName)")
        }
        return try catchUp()
    }

    /// Processes new events as they are committed until `shouldStop` says so.
    ///
    /// Waits on LISTEN/NOTIFY between batches, never polling an idle log. When committed events
    /// are held back by an older transaction still running, it looks again shortly: that
    /// transaction may end by rolling back, which sends no notification.
    public func follow(idleTimeout: Double = 5, shouldStop: () -> Bool = { false }, onBatch: (Int) -> Void = { _ in }) throws {
        try connection.listen(Self.channel)
        while !shouldStop() {
            let outcome = try processBatch()
            if outcome.processed > 0 {
                onBatch(outcome.processed)
                continue
            }
            _ = try connection.waitForNotifications(timeout: outcome.heldBack ? 0.02 : idleTimeout)
        }
    }

    private func hasHeldBackEvents(after checkpoint: Checkpoint) throws -> Bool {
        try connection.query("""
            SELECT EXISTS (
                SELECT 1 FROM civicpulse.events
                WHERE (tx_id, position) > (\(checkpoint.txID)::xid8, \(checkpoint.position))
                  AND tx_id >= pg_snapshot_xmin(pg_current_snapshot()))
            """)[0].decode(Bool.self, 0)
    }

    /// Events in the log the processor has not taken yet.
    public func lag() throws -> Int {
        let checkpoint = try Checkpoint.load(Self.checkpointName, on: connection)
        return try connection.query("""
            SELECT count(*) FROM civicpulse.events WHERE (tx_id, position) > (\(checkpoint.txID)::xid8, \(checkpoint.position))
            """)[0].decode(Int.self, 0)
    }
}
