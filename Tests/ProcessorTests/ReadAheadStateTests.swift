import CivicPulseCore
import CivicPulseReadModel
import Foundation
import XCTest
@testable import CivicPulseProcessor

/// Two processors' read-ahead catch-ups over one log, stepped through with no server (as
/// postgres-nio's ConnectionStateMachineTests step a state machine): each read, each batch's
/// transaction with the checkpoint as stored, each commit, in the order a test chooses.
final class ReadAheadStateTests: XCTestCase {
    /// The log, the checkpoint and the response and reach projections, in memory: what the
    /// processors share, as they share a database.
    private final class Store {
        let config: PipelineConfig
        let log: [LoggedEvent]
        private(set) var checkpoint = Checkpoint.start
        let responses: MemoryResponseRows
        let links = MemoryConversationLinks()
        let reach = MemoryReachRows()

        init(config: PipelineConfig, log: [LoggedEvent]) {
            self.config = config
            self.log = log
            responses = MemoryResponseRows(timeZone: config.timeZone)
        }

        /// The next events after `point`, in log order (`Processor.read`).
        func read(after point: Checkpoint, limit: Int) -> [LoggedEvent] {
            Array(log.filter { (UInt64($0.txID)!, $0.position) > (UInt64(point.txID)!, point.position) }.prefix(limit))
        }

        /// Applies a batch to the projections and moves the checkpoint past it (`Processor.apply`).
        func apply(_ events: [LoggedEvent], after stored: Checkpoint) throws {
            try ResponseProjection(rows: responses, links: links, log: MemoryMessageLog(events: log), config: config).apply(events, urgency: TopicSpikeCover())
            try ReachProjection(rows: reach, config: config).apply(events)
            checkpoint = Checkpoint(txID: events.last!.txID, position: events.last!.position,
                                    eventsProcessed: stored.eventsProcessed + Int64(events.count))
        }

        /// Runs a read-ahead catch-up to its end, as `Processor` does, with no one else working.
        func catchUp(_ readAhead: inout ReadAhead, reading pending: [LoggedEvent], limit: Int) throws {
            var events = pending
            while let following = readAhead.received(events) {
                let next = read(after: following, limit: limit)
                guard readAhead.mayApply(over: checkpoint) else { return }
                try apply(events, after: checkpoint)
                readAhead.committed()
                events = next
            }
        }
    }

    private var config: PipelineConfig!

    override func setUpWithError() throws {
        config = try examplePipeline()
    }

    /// Residents' comments and reactions on two posts, in two transactions, and the council's answers.
    private func log() -> [LoggedEvent] {
        var script = LogScript(org: config.org)
        for n in 0..<4 {
            script.add(.comment, minute: Double(10 * n), by: "r\(n)", source: "c\(n)", conversation: "p\(n % 2)", service: "waste")
            script.add(.reaction, minute: Double(10 * n + 1), by: "r\(n)", source: "x\(n)", service: "waste")
        }
        script.add(.reply, minute: 50, by: "council", org: true, to: "r0", source: "a0", conversation: "p0", parent: "c0", service: "waste")
        return script.events.enumerated().map { index, event in
            var event = event
            event.txID = index < 5 ? "1000" : "1001"
            return event
        }
    }

    /// What one processor alone leaves.
    private func alone(batchSize: Int) throws -> Store {
        let store = Store(config: config, log: log())
        var readAhead = ReadAhead(from: store.checkpoint)
        try store.catchUp(&readAhead, reading: store.read(after: readAhead.firstRead, limit: batchSize), limit: batchSize)
        XCTAssertEqual(readAhead.applied, store.log.count)
        XCTAssertTrue(readAhead.isStopped, "stopped at the first empty read")
        return store
    }

    private func assertSameProjections(_ store: Store, _ reference: Store, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(ResponseSnapshot(store.responses, log: store.log), ResponseSnapshot(reference.responses, log: reference.log), file: file, line: line)
        XCTAssertEqual(ReachSnapshot(store.reach), ReachSnapshot(reference.reach), file: file, line: line)
        XCTAssertEqual(store.checkpoint, reference.checkpoint, file: file, line: line)
    }

    /// Both read the first batch; the second applies it while the first still holds it. The first
    /// finds the checkpoint moved in its transaction, applies nothing and stops; the second goes
    /// on to the end, and the projections are one processor's, every engagement counted once.
    func testTheCheckpointMovedBetweenAReadAndItsWriteLeavesTheBatchUnapplied() throws {
        let store = Store(config: config, log: log())
        var first = ReadAhead(from: store.checkpoint)
        var second = ReadAhead(from: store.checkpoint)

        let firstBatch = store.read(after: first.firstRead, limit: 4)
        XCTAssertNotNil(first.received(firstBatch), "the first holds its batch and reads the next")
        let secondBatch = store.read(after: second.firstRead, limit: 4)
        XCTAssertNotNil(second.received(secondBatch))
        XCTAssertTrue(second.mayApply(over: store.checkpoint), "the checkpoint is where the second read from")
        try store.apply(secondBatch, after: store.checkpoint)
        second.committed()

        XCTAssertFalse(first.mayApply(over: store.checkpoint), "another processor moved the checkpoint")
        XCTAssertTrue(first.isStopped)
        XCTAssertEqual(first.applied, 0, "the first applied nothing")

        try store.catchUp(&second, reading: store.read(after: store.checkpoint, limit: 4), limit: 4)
        XCTAssertEqual(second.applied, store.log.count)
        assertSameProjections(store, try alone(batchSize: 4))
        XCTAssertEqual(ReachSnapshot(store.reach).day("waste", "facebook", "2026-11-23")?.engagements, 9, "each engagement once")
    }

    /// The first applies its first batch and reads its second; meanwhile the second starts from
    /// the checkpoint the first left and applies that same second batch. The first, holding it,
    /// stops there: a later batch is guarded as the first one is.
    func testACheckpointMovedWhileTheNextBatchIsReadStopsTheCatchUpThere() throws {
        let store = Store(config: config, log: log())
        var first = ReadAhead(from: store.checkpoint)
        let batch = store.read(after: first.firstRead, limit: 3)
        let following = try XCTUnwrap(first.received(batch))
        XCTAssertTrue(first.mayApply(over: store.checkpoint))
        try store.apply(batch, after: store.checkpoint)
        first.committed()
        XCTAssertEqual(first.applied, 3)

        let secondBatch = store.read(after: following, limit: 3)
        var second = ReadAhead(from: store.checkpoint)
        XCTAssertEqual(second.firstRead, store.checkpoint, "the second starts where the first left the checkpoint")
        try store.catchUp(&second, reading: store.read(after: second.firstRead, limit: 3), limit: 3)

        XCTAssertNotNil(first.received(secondBatch))
        XCTAssertFalse(first.mayApply(over: store.checkpoint), "the second applied this batch already")
        XCTAssertEqual(first.applied, 3, "nothing more")
        XCTAssertEqual(first.applied + second.applied, store.log.count)
        assertSameProjections(store, try alone(batchSize: 3))
    }
}
