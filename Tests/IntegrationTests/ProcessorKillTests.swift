import CivicPulseCore
import CivicPulseIngest
import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// The built `civicpulse process` killed with SIGKILL in the middle of its batches, again and
/// again, with other batch sizes each time, and run to the end: the log's spike events and every
/// projection are those of a run nobody interrupted (docs/emergencies.md). The data is the demo's
/// simulated week with its flood, ingested file by file, one transaction each, as `make demo` does.
final class ProcessorKillTests: XCTestCase {
    private var databases: [TestDatabase] = []

    override func tearDown() {
        databases.forEach { $0.drop() }
    }

    /// A fresh database holding the sample week.
    private func sampleWeek() throws -> TestDatabase {
        let database = try TestDatabase()
        databases.append(database)
        let folder = Fixtures.root.appendingPathComponent("samples/harbourside")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") || $0.hasSuffix(".jsonl") }.sorted()
            .map { folder.appendingPathComponent($0).path }
        try Fixtures.ingestor(try database.connect()).ingest(files: files) { _ in }
        return database
    }

    /// The same log as `database`'s, before either is processed: to be compared projection by
    /// projection, both need the same pseudonyms, which a second ingest would draw anew.
    private func copy(of database: TestDatabase) throws -> TestDatabase {
        let copy = try TestDatabase(copying: database)
        databases.append(copy)
        return copy
    }

    private func environment(_ database: TestDatabase) -> [String: String] {
        ProcessInfo.processInfo.environment.merging(["PGDATABASE": database.name]) { _, new in new }
    }

    private func process(_ database: TestDatabase, _ arguments: [String]) throws {
        let run = try runCivicPulse(["process", "-q"] + arguments, environment: environment(database))
        XCTAssertEqual(run.status, 0, run.err)
    }

    /// Starts `process` with `arguments` and SIGKILLs it inside a batch: once a batch it began
    /// after `since` (the server's clock) took the checkpoint to `killAt` events, and while its
    /// next batch's transaction has written rows (it has a transaction id) and not committed.
    /// Returns whether the kill landed there: the server then rolled that batch back, so the
    /// checkpoint stands where it was seen, short of the log's end. A run that ended first, or a
    /// batch that committed between the look and the kill, is no kill inside a batch.
    private func killProcess(_ database: TestDatabase, _ arguments: [String], at killAt: Int) throws -> Bool {
        let watch = try database.connect()
        let since = try watch.query("SELECT now()")[0].decode(Date.self, 0)
        let child = try ChildProcess(["process", "-q"] + arguments, environment: environment(database))
        var seen: (processed: Int, backend: Int)?
        try poll(timeout: 300) {
            let rows = try watch.query("""
                SELECT c.events_processed, w.pid
                FROM projections.checkpoints c
                LEFT JOIN LATERAL (SELECT pid FROM pg_stat_activity
                                   WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL
                                   LIMIT 1) w ON true
                WHERE c.name = 'responses' AND c.updated_at > \(since)
                """)
            if let row = rows.first, let backend = try row.decode(Int?.self, 1), try row.decode(Int.self, 0) >= killAt {
                seen = (try row.decode(Int.self, 0), backend)
                return true
            }
            return !child.isRunning
        }
        let running = child.isRunning
        child.signal(SIGKILL)
        XCTAssertTrue(child.wait(timeout: 30))
        guard running, let seen else { return false }
        // The server ends the batch's transaction (rolling it back) once it finds its client gone.
        XCTAssertTrue(try poll(timeout: 60) {
            try watch.query("SELECT count(*) FROM pg_stat_activity WHERE pid = \(seen.backend)")[0].decode(Int.self, 0) == 0
        }, "the killed process's backend ended")
        let after = try watch.query("""
            SELECT c.events_processed, EXISTS (SELECT 1 FROM civicpulse.events e WHERE (e.tx_id, e.position) > (c.tx_id, c.position))
            FROM projections.checkpoints c WHERE c.name = 'responses'
            """)[0]
        return try after.decode(Int.self, 0) == seen.processed && after.decode(Bool.self, 1)
    }

    private func spikeEvents(_ database: TestDatabase) throws -> [String] {
        try database.connect().query("""
            SELECT kind || ' ' || source_id || ' ' || event_id FROM civicpulse.events WHERE platform = 'civicpulse' ORDER BY 1
            """).map { try $0.decode(String.self, 0) }
    }

    func testProcessingKilledMidBatchAtAnyBatchSizeEndsAsAnUninterruptedRun() throws {
        let reference = try sampleWeek()
        let killed = try copy(of: reference)
        try process(reference, [])
        let spikes = try spikeEvents(reference)
        XCTAssertGreaterThan(spikes.count, 3, "the sample's flood makes spikes")
        let wanted = try projectionDigests(reference)

        let total = try EventLog.count(on: try killed.connect())
        var midRun = 0
        for (batchSize, fraction) in [(97, 0.1), (400, 0.3), (61, 0.55), (250, 0.8)] {
            if try killProcess(killed, ["--batch-size", "\(batchSize)"], at: Int(Double(total) * fraction)) { midRun += 1 }
        }
        XCTAssertGreaterThanOrEqual(midRun, 3, "the runs were killed while they processed")
        try process(killed, ["--batch-size", "1000"])
        XCTAssertEqual(try spikeEvents(killed), spikes, "the same spike events, none twice, none missing")
        assertSameProjections(try projectionDigests(killed), wanted, "killed and resumed")
    }

    /// The trial's case: `process --rebuild --batch-size 500` killed, then `process --rebuild`
    /// again, appended 70 spike events to 27 (transient judgements of a replay cut short).
    func testARebuildKilledMidBatchAndRunAgainAppendsNoSpikeEvent() throws {
        let reference = try sampleWeek()
        try process(reference, [])
        let spikes = try spikeEvents(reference)
        let wanted = try projectionDigests(reference)
        let total = try EventLog.count(on: try reference.connect())

        var midRun = 0
        for (batchSize, fraction) in [(500, 0.4), (150, 0.2), (90, 0.7)] {
            if try killProcess(reference, ["--rebuild", "--batch-size", "\(batchSize)"], at: Int(Double(total) * fraction)) { midRun += 1 }
        }
        XCTAssertGreaterThanOrEqual(midRun, 2, "the rebuilds were killed while they processed")
        try process(reference, ["--rebuild"])
        XCTAssertEqual(try spikeEvents(reference), spikes, "no spike event appended again")
        assertSameProjections(try projectionDigests(reference), wanted, "a rebuild gives what incremental processing gave")
    }

    /// A run killed inside an ingested file's transaction, then a rebuild: the rebuild replays to
    /// where the run stopped, appending nothing, and judges the rest of that file and the files
    /// after it as the run would have.
    func testARebuildAfterARunKilledInsideAFileEndsAsAnUninterruptedRun() throws {
        let reference = try sampleWeek()
        let killed = try copy(of: reference)
        try process(reference, [])
        let total = try EventLog.count(on: try killed.connect())
        // A kill lands inside a batch only if the batch has not committed in the meantime: later
        // points are tried until one does, with the checkpoint inside a file's transaction.
        var stoppedInside = false
        for fraction in [0.5, 0.6, 0.7, 0.8, 0.9] where !stoppedInside {
            guard try killProcess(killed, ["--batch-size", "83"], at: Int(Double(total) * fraction)) else { continue }
            stoppedInside = try killed.connect().query("""
                SELECT EXISTS (SELECT 1 FROM civicpulse.events e JOIN projections.checkpoints c ON e.tx_id = c.tx_id AND e.position > c.position)
                """)[0].decode(Bool.self, 0)
        }
        XCTAssertTrue(stoppedInside, "killed while it processed, with the checkpoint inside a file's transaction")
        try process(killed, ["--rebuild", "--batch-size", "300"])
        XCTAssertEqual(try spikeEvents(killed), try spikeEvents(reference))
        assertSameProjections(try projectionDigests(killed), try projectionDigests(reference), "rebuilt after a kill")
    }
    /// `civicpulse process` SIGKILLed inside its batches of a simulated fortnight (several
    /// thousand events, small batches, so that each kill finds a batch's transaction open and is
    /// proved to have rolled it back), restarted: the projections and the log's spike events are
    /// those a rebuild of the same log gives.
    func testAProcessKilledInsideABatchAndRestartedEqualsARebuild() throws {
        let database = try TestDatabase()
        databases.append(database)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("civicpulse-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let simulate = try runCivicPulse(["simulate", "--org", "harbourside", "--days", "14", "--scale", "0.5", "--seed", "5",
                                          "--start", "2026-11-09", "--out", folder.path], environment: environment(database))
        XCTAssertEqual(simulate.status, 0, simulate.err)
        let ingest = try runCivicPulse(["ingest", "-q", folder.path], environment: environment(database))
        XCTAssertTrue([0, 3].contains(ingest.status), ingest.err)
        let total = try EventLog.count(on: try database.connect())
        XCTAssertGreaterThan(total, 5_000, "a log long enough for many small batches")

        var inside = 0
        for (batchSize, fraction) in [(120, 0.2), (45, 0.5), (200, 0.75)] {
            if try killProcess(database, ["--batch-size", "\(batchSize)"], at: Int(Double(total) * fraction)) { inside += 1 }
        }
        XCTAssertGreaterThanOrEqual(inside, 2, "the kills landed inside batches, which the server rolled back")
        try process(database, ["--batch-size", "500"])
        let resumed = try projectionDigests(database)
        let spikes = try spikeEvents(database)
        try process(database, ["--rebuild"])
        XCTAssertEqual(try spikeEvents(database), spikes, "the rebuild appends no spike event: the killed runs appended each once")
        assertSameProjections(try projectionDigests(database), resumed, "killed inside batches and restarted, against a rebuild")
    }
}
