import CivicPulseCore
import CivicPulseProcessor
import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// `process --follow` is a daemon: the built binary follows a throwaway cluster of its own
/// while the server is restarted under it (an immediate shutdown, as a crash looks, and a fast
/// one), keeps processing what is ingested after, and stops cleanly when asked; and an error a
/// person must fix still ends it with one line.
final class FollowReconnectTests: XCTestCase {
    private var folder: URL!
    private var cluster: LocalCluster!

    override func setUpWithError() throws {
        guard ProcessInfo.processInfo.environment["PGHOST"] != nil else {
            throw XCTSkip("integration tests need PostgreSQL: run them with `make test`")
        }
        folder = URL(fileURLWithPath: "/tmp/cpfollow-\(UUID().uuidString.prefix(8).lowercased())")
        cluster = LocalCluster(directory: folder.appendingPathComponent("pg"))
        try cluster.start()
        try Migrator.bundled().migrate(on: try connect())
    }

    override func tearDown() {
        try? cluster?.stop()
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func connect() throws -> Connection {
        try Connection(cluster.conninfo)
    }

    private var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["PGHOST"] = cluster.socketDirectory.path
        environment["PGPORT"] = String(cluster.port)
        environment["PGUSER"] = "postgres"
        environment["PGDATABASE"] = cluster.database
        return environment
    }

    /// Stops the server as a crash would (SIGQUIT to the postmaster: an immediate shutdown, no
    /// goodbye to clients) or as an administrator would (`pg_ctl stop -m fast`), then starts it.
    private func restart(immediately: Bool) throws {
        if immediately {
            let pidFile = folder.appendingPathComponent("pg/data/postmaster.pid")
            let pid = try XCTUnwrap(Int32(try String(contentsOf: pidFile, encoding: .utf8).split(separator: "\n")[0]))
            kill(pid, SIGQUIT)
            XCTAssertTrue(poll(timeout: 60) { kill(pid, 0) != 0 }, "the server went down")
        } else {
            try cluster.stop()
        }
        try cluster.start()
    }

    /// Whether the follower has taken every event in the log, its own spike events included.
    private func caughtUp(_ connection: Connection) throws -> Bool {
        try connection.query("""
            SELECT coalesce((SELECT events_processed FROM projections.checkpoints WHERE name = 'responses'), 0)
                   = (SELECT count(*) FROM civicpulse.events)
            """)[0].decode(Bool.self, 0)
    }

    private func waitUntilCaughtUp(_ follower: ChildProcess, file: StaticString = #filePath, line: UInt = #line) throws {
        let watch = try connect()
        let done = try poll(timeout: 120) { try caughtUp(watch) || !follower.isRunning }
        XCTAssertTrue(done && follower.isRunning, "the follower took everything and runs on:\n\(follower.output)", file: file, line: line)
    }

    func testTheFollowerOutlivesServerRestartsAndMissesNothing() throws {
        let config = try Fixtures.config()
        let connection = try connect()
        try SpikeFixtures.append(SpikeFixtures.ordinary(from: "2026-11-02", days: 14, config: config), on: connection)
        let follower = try ChildProcess(["process", "--follow", "--batch-size", "200"], environment: environment)
        try waitUntilCaughtUp(follower)

        try restart(immediately: true)
        // The third week and the flood, in several transactions, while the follower reconnects.
        let rest = SpikeFixtures.ordinary(from: "2026-11-16", days: 7, config: config) + SpikeFixtures.flood(config: config)
        let appender = try connect()
        for start in stride(from: 0, to: rest.count, by: 700) {
            try SpikeFixtures.append(Array(rest[start..<min(start + 700, rest.count)]), on: appender)
        }
        try waitUntilCaughtUp(follower)

        try restart(immediately: false)
        let late = SpikeFixtures.inbound(id: "after-the-restarts", at: SpikeFixtures.local("2026-11-22", 9), text: "Is Harbour Road open?",
                                         service: "highways", config: config)
        try SpikeFixtures.append([late], on: try connect())
        try waitUntilCaughtUp(follower)

        let output = follower.output
        let lost = output.split(separator: "\n").filter { $0.hasPrefix("lost the connection to the database") }
        XCTAssertEqual(lost.count, 2, "one line for each outage:\n\(output)")
        XCTAssertEqual(output.components(separatedBy: "reconnected to the database after").count - 1, 2, output)

        follower.signal(SIGTERM)
        XCTAssertTrue(follower.wait(timeout: 10), "SIGTERM stops it")
        XCTAssertEqual(follower.process.terminationReason, .exit)
        XCTAssertEqual(follower.process.terminationStatus, 0, follower.output)
        XCTAssertTrue(follower.output.contains("stopped following the log"), follower.output)

        // Nothing skipped and nothing taken twice: the projections are what a rebuild gives.
        let check = try connect()
        let followed = try SpikeFixtures.snapshot(check)
        XCTAssertEqual(followed["spikes"]?.count, 3, "the flood, found across the restarts")
        let logged = try EventLog.count(on: check)
        try Processor(connection: check, config: config).rebuild()
        XCTAssertEqual(try SpikeFixtures.snapshot(check), followed)
        XCTAssertEqual(try EventLog.count(on: check), logged)

        let interrupted = try ChildProcess(["process", "--follow"], environment: environment)
        XCTAssertTrue(poll(timeout: 60) { interrupted.output.contains("following the log") })
        interrupted.signal(SIGINT)
        XCTAssertTrue(interrupted.wait(timeout: 10), "SIGINT stops it")
        XCTAssertEqual(interrupted.process.terminationStatus, 0, interrupted.output)
    }

    /// A database dropped under the follower is no outage to wait out: it says what happened and exits 1.
    func testADatabaseThatIsGoneEndsTheFollowerWithOneLine() throws {
        let follower = try ChildProcess(["process", "-q", "--follow"], environment: environment)
        XCTAssertTrue(poll(timeout: 60) { follower.output.contains("following the log") }, follower.output)
        let admin = try Connection("host=\(cluster.socketDirectory.path) port=\(cluster.port) user=postgres dbname=postgres")
        try admin.execute("DROP DATABASE \(quoteIdentifier(cluster.database)) WITH (FORCE)")
        XCTAssertTrue(follower.wait(timeout: 30), "it gives up: \(follower.output)")
        XCTAssertEqual(follower.process.terminationStatus, 1)
        let lines = follower.output.split(separator: "\n").filter { !$0.hasPrefix("lost the connection") && !$0.hasPrefix("following the log") && !$0.hasPrefix("processed") }
        XCTAssertEqual(lines.count, 1, follower.output)
        XCTAssertTrue(lines.first?.contains("does not exist") == true, follower.output)
    }
}
