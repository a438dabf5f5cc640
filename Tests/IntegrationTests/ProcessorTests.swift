import CivicPulseCore
import CivicPulseIngest
import CivicPulseProcessor
import CivicPulseStore
import Foundation
import Postgres
import XCTest

final class ProcessorTests: DatabaseTestCase {
    /// The known failure of a serial position alone: a later transaction commits first, the reader
    /// moves past the earlier one's positions, and they are never seen. Here six transactions take
    /// positions in order and commit in reverse while `process --follow` runs.
    func testFollowMissesNothingWhenTransactionsCommitOutOfOrder() throws {
        let config = try Fixtures.config()
        let writers = try (0..<6).map { _ in try database.connect() }
        let perTransaction = 25
        for (index, writer) in writers.enumerated() {
            try writer.execute("BEGIN")
            _ = try EventLog.append(syntheticInbound(count: perTransaction, batch: index, config: config), sourceFile: "tx\(index)", on: writer)
        }
        let total = writers.count * perTransaction

        let processorConnection = try database.connect()
        let progress = Progress()
        let follower = Thread {
            let processor = Processor(connection: processorConnection, config: config, batchSize: 7)
            do {
                try processor.follow(idleTimeout: 0.5, shouldStop: { progress.done(total) || progress.expired }) { progress.add($0) }
            } catch {
                progress.fail("\(error)")
            }
        }
        follower.start()
        for writer in writers.reversed() {
            Thread.sleep(forTimeInterval: 0.15)
            try writer.execute("COMMIT")
        }
        progress.waitUntil(total, timeout: 30)
        XCTAssertNil(progress.failure)
        XCTAssertEqual(progress.count, total, "the processor took every event exactly once")
        let check = try database.connect()
        XCTAssertEqual(try check.query("SELECT count(*) FROM projections.conversation_messages")[0].decode(Int.self, 0), total)
        XCTAssertEqual(try check.query("SELECT events_processed FROM projections.checkpoints")[0].decode(Int.self, 0), total)
    }

    func testRebuildGivesExactlyWhatIncrementalProcessingGave() throws {
        let connection = try database.connect()
        let config = try Fixtures.config()
        let ingestor = try Fixtures.ingestor(connection)
        let processor = Processor(connection: connection, config: config, batchSize: 2)
        // The council's Monday answer arrives first, the week's traffic later, in small batches.
        _ = try ingestor.ingest(file: Fixtures.path("harbourside-tweets-monday.json"))
        try processor.catchUp()
        _ = try ingestor.ingest(file: Fixtures.path("harbourside-tweets.json"))
        try processor.catchUp()
        let incremental = try snapshot(connection)
        XCTAssertEqual(incremental.count, 5, "five response items")

        try processor.rebuild()
        XCTAssertEqual(try snapshot(connection), incremental)
    }

    func testAProcessorKilledMidBatchResumesWithoutLossOrDoubleCounting() throws {
        let connection = try database.connect()
        let config = try Fixtures.config()
        _ = try Fixtures.ingestor(connection).ingest(file: Fixtures.path("harbourside-tweets.json"))
        // A batch whose transaction dies before commit leaves neither rows nor checkpoint behind.
        try connection.execute("BEGIN")
        try connection.execute("INSERT INTO projections.checkpoints (name, tx_id, position) VALUES ('responses', '999999'::xid8, 999999)")
        try connection.execute("ROLLBACK")
        let processor = Processor(connection: connection, config: config, batchSize: 3)
        try processor.processBatch()
        let other = try database.connect()
        XCTAssertEqual(try Processor(connection: other, config: config, batchSize: 3).catchUp(), 7)
        XCTAssertEqual(try processor.lag(), 0)
        XCTAssertEqual(try connection.query("SELECT events_processed FROM projections.checkpoints")[0].decode(Int.self, 0), 10)
    }

    /// Transaction ids are compared as numbers everywhere: once, the text form leaked into an
    /// ORDER BY, and transaction 1000 sorted before 999, so events were taken twice.
    func testTransactionIDsThatGainADigitKeepTheirOrder() throws {
        let connection = try database.connect()
        let config = try Fixtures.config()
        let current = try connection.query("SELECT pg_current_xact_id()::text")[0].decode(Int.self, 0)
        var boundary = 10
        while boundary <= current + 2 { boundary *= 10 }
        // Burn transaction ids until the next one ends just below a power of ten.
        for _ in current..<(boundary - 3) { try connection.query("SELECT pg_current_xact_id()") }
        for (index, batch) in [0, 1, 2].enumerated() {
            try connection.transaction {
                _ = try EventLog.append(syntheticInbound(count: 2, batch: batch, config: config), sourceFile: "tx\(index)", on: connection)
            }
        }
        let ids = try connection.query("SELECT DISTINCT tx_id::text FROM civicpulse.events").map { try $0.decode(String.self, 0) }
        XCTAssertTrue(ids.contains { $0.count > "\(boundary - 1)".count }, "the test crossed a digit boundary: \(ids)")
        XCTAssertEqual(try Processor(connection: connection, config: config, batchSize: 1).catchUp(), 6)
        XCTAssertEqual(try connection.query("SELECT count(*) FROM projections.conversation_messages")[0].decode(Int.self, 0), 6)
    }

    private func snapshot(_ connection: Connection) throws -> [String] {
        try connection.query("SELECT to_jsonb(r)::text FROM projections.response_items r ORDER BY item_id").map { try $0.decode(String.self, 0) }
    }

    private func syntheticInbound(count: Int, batch: Int, config: PipelineConfig) -> [EngagementEvent] {
        (0..<count).map { index in
            EngagementEvent(
                platform: "twitter", sourceType: "tweet", sourceID: "\(batch)-\(index)", org: config.org, channel: "twitter",
                account: "harbourside_twitter", service: "waste", kind: .inboundMessage,
                actorHash: Fixtures.hasher.hash(platform: "twitter", userID: "resident-\(batch)-\(index)"), actorIsOrg: false,
                occurredAt: utc("2026-11-16T10:00:00Z").addingTimeInterval(Double(batch * 100 + index)), text: "my bin"
            )
        }
    }
}

/// Counts what a processor thread reports, for the test thread to wait on.
private final class Progress: @unchecked Sendable {
    private let lock = NSCondition()
    private(set) var count = 0
    private(set) var failure: String?
    private let deadline = Date().addingTimeInterval(40)

    var expired: Bool { Date() > deadline }

    func add(_ processed: Int) {
        lock.lock(); count += processed; lock.broadcast(); lock.unlock()
    }

    func fail(_ message: String) {
        lock.lock(); failure = message; lock.broadcast(); lock.unlock()
    }

    func done(_ total: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return count >= total || failure != nil
    }

    func waitUntil(_ total: Int, timeout: Double) {
        let until = Date().addingTimeInterval(timeout)
        lock.lock()
        while count < total, failure == nil, lock.wait(until: until) {}
        lock.unlock()
    }
}
