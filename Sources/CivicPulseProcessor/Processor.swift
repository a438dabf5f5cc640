import CivicPulseCore
import CivicPulsePrivacy
import CivicPulseReadModel
import Foundation
import Postgres

/// Follows the event log and keeps the projections current, one transaction per batch:
/// the batch's projection rows and the checkpoint commit together or not at all, so the
/// processor can be killed at any point and resumes exactly where it left off.
public struct Processor {
    public static let channel = "civicpulse_events"

    public let connection: Connection
    /// Each council's pipeline, which supplies its services' calendars and SLA policy to its
    /// own events; a rebuild under the same pipelines reproduces incremental processing exactly.
    public let councils: Councils
    /// Events a batch takes at most. A catch-up's cost per event falls with larger batches (a
    /// conversation or hour spread over several is read and rewritten once per batch); memory
    /// grows with them: 1M events rebuilt in 10k-event batches took 42-48 s at 90-98 MB, in 25k-event
    /// batches 34-37 s, and 31-35 s with the planner setting in `apply`, at 150 MB (docs/performance.md).
    public var batchSize: Int
    /// A second connection on which a catch-up reads the next batch while the current one is
    /// applied; without one, each batch is read in its own transaction first.
    public var reader: Connection?

    public init(connection: Connection, councils: Councils, batchSize: Int = Processor.defaultBatchSize, reader: Connection? = nil) {
        self.connection = connection
        self.councils = councils
        self.batchSize = batchSize
        self.reader = reader
    }

    /// The processor of a log holding one council's events.
    public init(connection: Connection, config: PipelineConfig, batchSize: Int = Processor.defaultBatchSize, reader: Connection? = nil) {
        self.init(connection: connection, councils: Councils([config]), batchSize: batchSize, reader: reader)
    }

    public static let defaultBatchSize = 25_000

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
            let checkpoint = try Checkpoint.claim(on: connection)
            let events = try Self.read(after: checkpoint, limit: batchSize, on: connection)
            guard !events.isEmpty else {
                return BatchOutcome(processed: 0, heldBack: try hasHeldBackEvents(after: checkpoint))
            }
            try apply(events, after: checkpoint)
            return BatchOutcome(processed: events.count, heldBack: false)
        }
    }

    /// The next events after `checkpoint` that can be taken: those of transactions older than
    /// every transaction still running, so none can later appear before them.
    static func read(after checkpoint: Checkpoint, limit: Int, on connection: Connection) throws -> [LoggedEvent] {
        try connection.query("""
            SELECT \(unescaped: LoggedEvent.columns)
            FROM \(unescaped: LoggedEvent.source)
            WHERE (tx_id, position) > (\(checkpoint.txID)::xid8, \(checkpoint.position))
              AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY tx_id, position
            LIMIT \(limit)
            """).map(LoggedEvent.init(row:))
    }

    /// Applies `events`, the ones right after `checkpoint`, to every projection, each council's
    /// under its own pipeline, and moves the checkpoint past them, in the caller's transaction.
    /// Throws `UnknownCouncil`, before writing anything, for an event of a council it has no
    /// pipeline for.
    private func apply(_ events: [LoggedEvent], after checkpoint: Checkpoint) throws {
        let councilBatches = try councils.split(events)
        // The projections' rows a batch looks up by key are recent and in memory. With the
        // default cost of a random read (four sequential ones, for spinning disks) the planner
        // read every stored conversation cut for a batch's 4,000 conversations rather than
        // probe its key: 24-27 ms against 3-4 ms at 1M events; 90-120 ms, 2.7M events into a rebuild of 9.2M.
        try connection.execute("SET LOCAL random_page_cost = 1.1")
        do {
            for council in councilBatches {
                try BatchProjections(connection: connection, config: council.config).apply(council.events)
            }
        } catch let error as PostgresError where error.kind == .server && !error.isServerGone && connection.isConnected {
            // A lost server or session is the follower's to reconnect to; a refused statement is a person's to look into.
            throw ProcessorError(events: events.count, after: checkpoint.position, underlying: error)
        }
        var checkpoint = checkpoint
        checkpoint.txID = events[events.count - 1].txID
        checkpoint.position = events[events.count - 1].position
        checkpoint.eventsProcessed += Int64(events.count)
        try checkpoint.save(projectionsVersion: Checkpoint.projectionsVersion, on: connection)
    }

    /// Processes until nothing more can be taken; returns how many events that was.
    @discardableResult
    public func catchUp() throws -> Int {
        var total = try reader.map(catchUpReadingAhead(on:)) ?? 0
        var vacuum = StoredMessagesVacuum()
        while true {
            let outcome = try processBatch()
            total += outcome.processed
            try vacuum.applied(outcome.processed, on: connection)
            if outcome.processed == 0 {
                try settle()
                return total
            }
        }
    }

    /// What the projections leave until the log is drained, in its own transaction: each
    /// council's weeks the summary reads (`ResponseWeekFigures`), computed once for a whole
    /// catch-up, its pipeline's SLA settings for the analysts' view (`SLASettings`), recorded
    /// even when no event came, and its silent conversations settled (`ResponseProjection.settleSilent`).
    private func settle() throws {
        try connection.transaction {
            for config in councils.pipelines {
                try ResponseProjection(connection: connection, config: config).settleSilent()
                try ResponseWeekFigures(connection: connection, org: config.org, timeZone: config.timeZone).refresh()
                try SLASettings.record(config, on: connection)
            }
        }
    }

    /// Processes batch after batch, reading each on `reader` while the one before is applied,
    /// so the server's reading and the client's decoding overlap the projections' work.
    /// `ReadAhead` decides what to read and whether a batch read ahead may still be applied.
    private func catchUpReadingAhead(on reader: Connection) throws -> Int {
        let limit = batchSize
        func read(after checkpoint: Checkpoint) -> Background<[LoggedEvent]> {
            Background { try Processor.read(after: checkpoint, limit: limit, on: reader) }
        }
        var readAhead = ReadAhead(from: try Checkpoint.load(on: connection))
        var next = read(after: readAhead.firstRead)
        var vacuum = StoredMessagesVacuum()
        // The reader is never left reading when this returns or throws: it is the caller's again.
        defer { _ = try? next.value() }
        while true {
            let events = try next.value()
            guard let following = readAhead.received(events) else { break }
            next = read(after: following)
            try connection.transaction {
                let stored = try Checkpoint.claim(on: connection)
                guard readAhead.mayApply(over: stored) else { return }
                try apply(events, after: stored)
            }
            guard !readAhead.isStopped else { break }
            readAhead.committed()
            try vacuum.applied(events.count, on: connection)
        }
        return readAhead.applied
    }

    /// Empties the projections and replays the whole log.
    @discardableResult
    public func rebuild() throws -> Int {
        try rebuild(after: { true })!
    }

    /// Runs `change` on the log in the transaction that empties the projections, under the
    /// checkpoint's claim (no batch runs meanwhile), then replays what the log holds: the
    /// projections are then what a rebuild gives, by construction. `retention apply` drops whole
    /// months this way. When `change` says it changed nothing, nothing is emptied and nil is
    /// returned; else the number of events replayed.
    public func rebuild(after change: () throws -> Bool) throws -> Int? {
        let changed = try connection.transaction {
            _ = try Checkpoint.claim(on: connection)
            guard try change() else { return false }
            try reset()
            return true
        }
        return changed ? try catchUp() : nil
    }

    /// Empties the projections when an earlier version of them moved the checkpoint, so that the
    /// catch-up after it replays the whole log into what this binary keeps. Returns the version
    /// found when it did; throws `NewerProjections` when a newer one moved it.
    public func resetIfOutdated() throws -> Int? {
        try connection.transaction {
            // Under the claim: a second processor starting at once waits, then finds the reset done.
            _ = try Checkpoint.claim(on: connection)
            guard let found = try Checkpoint.storedProjectionsVersion(on: connection), found != Checkpoint.projectionsVersion else { return nil }
            guard found < Checkpoint.projectionsVersion else { throw NewerProjections(found: found, kept: Checkpoint.projectionsVersion) }
            try reset()
            return found
        }
    }

    /// Empties the projections when a council's pipeline now gives another
    /// `sla.resolution_quiet_period` than the one its items' resolutions were kept with
    /// (`SLASettings`), so that the catch-up after it keeps them by the new one, as a change of
    /// the projections' rules does. Returns the first council found with its quiet periods then
    /// and now, in seconds.
    public func resetIfQuietPeriodChanged() throws -> (org: String, kept: TimeInterval, now: TimeInterval)? {
        try connection.transaction {
            _ = try Checkpoint.claim(on: connection)
            for config in councils.pipelines {
                guard let kept = try SLASettings.recordedQuietPeriod(org: config.org, on: connection),
                      kept != config.resolutionQuietPeriod else { continue }
                try reset()
                return (config.org, kept, config.resolutionQuietPeriod)
            }
            return nil
        }
    }

    /// Empties every projection and forgets the checkpoint, in the caller's transaction. How far
    /// each council's spike events are already in the log is read before the spike tables are
    /// emptied (they hold every council's), and kept for its replay after.
    private func reset() throws {
        try refuseUnknownCouncil()
        let spikes = councils.pipelines.map { SpikeProjection(connection: connection, config: $0) }
        let replayEnds = try spikes.map { try $0.replayEnd() }
        for projection in Self.projections {
            try projection.init(connection: connection, config: councils.pipelines[0]).reset()
        }
        for (spike, end) in zip(spikes, replayEnds) {
            try spike.replay(until: end)
        }
        try Checkpoint.clear(on: connection)
    }

    /// Throws `UnknownCouncil` when the log holds an event of a council the processor has no
    /// pipeline for: a reset empties every council's projections, and replaying from the log could
    /// not bring that council's back, nor keep the mark of how far its spike events are in the
    /// log, so nothing may be emptied.
    ///
    /// The log's councils are found by skipping through the (org, occurred_at) index, one probe
    /// a council: looking for an event of no known council read the whole log to find none,
    /// inside the transaction that holds the checkpoint. Only an unknown council's own events
    /// are then read, for the first of them.
    private func refuseUnknownCouncil() throws {
        let rows = try connection.query("""
            WITH RECURSIVE councils (org) AS (
                (SELECT org FROM civicpulse.events ORDER BY org LIMIT 1)
                UNION ALL
                SELECT (SELECT e.org FROM civicpulse.events e WHERE e.org > c.org ORDER BY e.org LIMIT 1) FROM councils c WHERE c.org IS NOT NULL
            )
            SELECT c.org, (SELECT min(e.position) FROM civicpulse.events e WHERE e.org = c.org) AS first_position
            FROM councils c WHERE c.org IS NOT NULL AND c.org <> ALL(\(councils.orgs)::text[])
            ORDER BY first_position LIMIT 1
            """)
        guard let row = rows.first else { return }
        throw UnknownCouncil(org: try row.decode(String.self, 0), position: try row.decode(Int64.self, 1), known: councils.orgs)
    }

    /// Processes new events as they are committed until `shouldStop` says so.
    ///
    /// Waits on LISTEN/NOTIFY between batches, never polling an idle log. When committed events
    /// are held back by an older transaction still running, it looks again shortly: that
    /// transaction may end by rolling back, which sends no notification.
    /// `wakeOn`: a descriptor that ends a wait early when readable (see `Connection.waitForNotifications`).
    public func follow(idleTimeout: Double = 5, wakeOn: Int32? = nil, shouldStop: () -> Bool = { false },
                       onBatch: (Int) -> Void = { _ in }) throws {
        try connection.listen(Self.channel)
        var settled = false
        while !shouldStop() {
            let outcome = try processBatch()
            if outcome.processed > 0 {
                onBatch(outcome.processed)
                settled = false
                continue
            }
            if !settled {
                try settle()
                settled = true
            }
            _ = try connection.waitForNotifications(timeout: outcome.heldBack ? 0.02 : idleTimeout, wakeOn: wakeOn)
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
}
