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
            _ = try EventLog.append(syntheticInbound(count: perTransaction, batch: index, config: config), sourceFile: "tx\(index)", judge: Fixtures.isUrgent, on: writer)
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
                _ = try EventLog.append(syntheticInbound(count: 2, batch: batch, config: config), sourceFile: "tx\(index)", judge: Fixtures.isUrgent, on: connection)
            }
        }
        let ids = try connection.query("SELECT DISTINCT tx_id::text FROM civicpulse.events").map { try $0.decode(String.self, 0) }
        XCTAssertTrue(ids.contains { $0.count > "\(boundary - 1)".count }, "the test crossed a digit boundary: \(ids)")
        XCTAssertEqual(try Processor(connection: connection, config: config, batchSize: 1).catchUp(), 6)
        XCTAssertEqual(try connection.query("SELECT count(*) FROM projections.conversation_messages")[0].decode(Int.self, 0), 6)
    }

    /// A Messenger thread lasts for years. Batches read it from its last quiet point, and give
    /// what reading it whole gives, also when late messages land before that point: a question
    /// sent earlier, and the withdrawal of one already answered.
    func testALongThreadReadFromItsCutGivesWhatReadingItWholeGives() throws {
        let connection = try database.connect()
        let config = try Fixtures.config()
        let resident = Fixtures.hasher.hash(platform: "facebook", userID: "resident-long")
        let start = utc("2026-11-16T09:00:00Z")
        let neighbour = Fixtures.hasher.hash(platform: "facebook", userID: "resident-neighbour")
        func message(_ id: String, minute: Double, _ kind: EventKind = .inboundMessage, target: String? = nil,
                     from sender: Data? = nil, to addressee: Data?? = nil) -> EngagementEvent {
            let fromOrg = kind == .reply
            return EngagementEvent(
                platform: "facebook", sourceType: "message", sourceID: id, org: config.org, channel: "messenger",
                account: "harbourside_twitter", service: "waste", kind: kind, conversationID: "thread-long", parentID: target,
                actorHash: fromOrg ? nil : sender ?? resident, actorIsOrg: fromOrg, addresseeHash: fromOrg ? addressee ?? resident : nil,
                occurredAt: start.addingTimeInterval(minute * 60), text: "bins"
            )
        }
        func append(_ events: [EngagementEvent]) throws {
            _ = try connection.transaction { try EventLog.append(events, sourceFile: "thread", judge: Fixtures.isUrgent, on: connection) }
        }
        let processor = Processor(connection: connection, config: config, batchSize: 3)
        // Day after day: a question, sometimes two, then an answer.
        for day in 0..<6 {
            let base = Double(day) * 1_440
            try append([message("q\(day)", minute: base), message("q\(day)b", minute: base + 5), message("a\(day)", minute: base + 30, .reply)])
            try processor.catchUp()
        }
        let cut = try connection.query("SELECT quiet_at FROM projections.conversation_cuts")
        XCTAssertEqual(try cut.map { try $0.decode(Date.self, 0) }, [start.addingTimeInterval((5 * 1_440 + 30) * 60)],
                       "the cut is the last answer, after which nobody waits")
        XCTAssertEqual(try connection.query("SELECT count(*) FROM projections.conversation_messages")[0].decode(Int.self, 0), 0,
                       "the six days' messages are settled at the cut: the late ones below are read with them from the log")
        // Later messages, read from the cut; then late ones before it.
        try append([message("q6", minute: 6 * 1_440)])
        try processor.catchUp()
        try append([message("late", minute: 2 * 1_440 + 20), message("del", minute: 3 * 1_440 + 10, .delete, target: "q3"),
                    message("del2", minute: 4 * 1_440 + 60, .delete, target: "q4")])
        try processor.catchUp()
        // A neighbour's question before the cut, unanswered until a reply to nobody in particular:
        // the cut must move back, or that reply would not be read with the question.
        try append([message("n1", minute: 5 * 1_440 + 10, from: neighbour)])
        try processor.catchUp()
        try append([message("a7", minute: 6 * 1_440 + 30, .reply, to: .some(nil))])
        try processor.catchUp()
        let incremental = try snapshot(connection)
        XCTAssertEqual(incremental.count, 8, "seven answered spells and the neighbour's")

        try Processor(connection: connection, config: config, batchSize: 10_000).rebuild()
        XCTAssertEqual(try snapshot(connection), incremental)
        let rows = try connection.query("""
            SELECT source_id, message_count, withdrawn_messages FROM (SELECT i.*, e.source_id FROM projections.response_items i JOIN civicpulse.events e ON e.event_id = i.item_id) response_items WHERE source_id IN ('q2', 'q3', 'q3b', 'q4') ORDER BY source_id
            """).map { "\(try $0.decode(String.self, 0)) \(try $0.decode(Int.self, 1)) \(try $0.decode(Int.self, 2))" }
        XCTAssertEqual(rows, ["q2 3 0", "q3b 1 1", "q4 2 0"],
                       "the late question joins Wednesday's spell; Thursday's first question, deleted before its answer, no longer counts")
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
