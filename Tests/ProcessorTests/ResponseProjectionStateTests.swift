import CivicPulseCore
import CivicPulseReadModel
import Foundation
import XCTest
@testable import CivicPulseProcessor

/// The response projection step by step over the in-memory read model, with no server: each
/// batch applied, then the rows it must leave (as postgres-nio's ConnectionStateMachineTests
/// step a state machine).
final class ResponseProjectionStateTests: XCTestCase {
    private var config: PipelineConfig!

    override func setUpWithError() throws {
        config = try examplePipeline()
    }

    private func rows() -> MemoryResponseRows {
        MemoryResponseRows(timeZone: config.timeZone)
    }

    /// Batches of one event, two, three or the whole log leave the same rows, and the rows a user
    /// expects: replies answering spells, late data, deletions, spikes making messages urgent.
    func testEveryScenarioGivesTheSameRowsWhateverTheBatches() throws {
        for scenario in ResponseBehaviour.scenarios(org: config.org) {
            let whole = rows()
            try scenario.run(on: whole, links: MemoryConversationLinks(), config: config, batchSize: scenario.events.count)
            scenario.expect(ResponseSnapshot(whole, log: scenario.events))
            for size in [1, 2, 3] {
                let batched = rows()
                try scenario.run(on: batched, links: MemoryConversationLinks(), config: config, batchSize: size)
                XCTAssertEqual(ResponseSnapshot(batched, log: scenario.events), ResponseSnapshot(whole, log: scenario.events), "\(scenario.name) in batches of \(size)")
            }
        }
    }

    /// A conversation answered (its cut moves to the reply), then a message older than the cut:
    /// the batch reads the conversation whole, the item timed from the later message is replaced
    /// by one from the late message, and the cut stays at the last reply.
    func testALateMessageBeforeTheCutReadsTheConversationWhole() throws {
        var log = LogScript(org: config.org)
        let first = log.add(.comment, minute: 10, by: "cy", source: "c1", conversation: "p3")
        let reply = log.add(.reply, minute: 20, by: "council", org: true, to: "cy", source: "r3", conversation: "p3", parent: "c1")
        let lastReply = log.add(.reply, minute: 30, by: "council", org: true, source: "r4", conversation: "p3", parent: "c1")
        let late = log.add(.comment, minute: 2, by: "cy", source: "c0", conversation: "p3")
        let rows = rows()
        let projection = ResponseProjection(rows: rows, links: MemoryConversationLinks(), log: MemoryMessageLog(events: log.events), config: config)
        let key = ConversationMessage.key(org: config.org, platform: "facebook", conversationID: "p3", sourceID: "c1")

        try projection.apply(Array(log.events[0..<3]), urgency: TopicSpikeCover())
        XCTAssertEqual(rows.items.keys.sorted { $0.uuidString < $1.uuidString }, [first])
        XCTAssertEqual(rows.items[first]?.item.response?.eventID, reply)
        XCTAssertEqual(rows.cuts[key]?.eventID, lastReply, "quiet after the last reply")

        try projection.apply([log.events[3]], urgency: TopicSpikeCover())
        XCTAssertNil(rows.items[first], "the item timed from the later message is gone")
        XCTAssertEqual(rows.items[late]?.item.messageCount, 2, "the late message and the later one make one spell")
        XCTAssertEqual(rows.items[late]?.item.response?.eventID, reply)
        XCTAssertEqual(rows.cuts[key]?.eventID, lastReply)
        XCTAssertEqual(rows.settled[key]?.positions, log.events.map(\.position),
                       "every message is at or before the cut: kept as its place in the log, read again from there")
        XCTAssertTrue(rows.messages.isEmpty)
    }

    /// A conversation whose stored messages are four weeks older than its council's newest one
    /// settles whole, withdrawals too, and loses its cut; one a minute short of it does not. A
    /// batch settles them when its council's horizon comes into a new hour; the catch-up's end
    /// settles what a batch within the hour left.
    func testAConversationSilentForFourWeeksOfItsCouncilsMessagesSettlesWhole() throws {
        var log = LogScript(org: config.org)
        log.add(.comment, minute: 0, by: "ada", source: "s1", conversation: "p10")
        log.add(.reply, minute: 30, by: "council", org: true, to: "ada", source: "s1r", conversation: "p10", parent: "s1")
        log.add(.comment, minute: 40, by: "ada", source: "s2", conversation: "p10")
        log.add(.comment, minute: 45, by: "fi", source: "s3", conversation: "p10")
        log.add(.delete, minute: 50, by: "fi", source: "s3-deleted", conversation: "p10", parent: "s3")
        log.add(.comment, minute: 60, by: "jo", source: "s6", conversation: "p13")
        log.add(.comment, minute: 28 * 1440 + 50, by: "gus", source: "s4", conversation: "p11")
        log.add(.comment, minute: 28 * 1440 + 51, by: "hal", source: "s5", conversation: "p12")
        log.add(.comment, minute: 28 * 1440 + 70, by: "ivy", source: "s7", conversation: "p14")
        let rows = rows()
        let projection = ResponseProjection(rows: rows, links: MemoryConversationLinks(), log: MemoryMessageLog(events: log.events), config: config)
        let key = { (post: String, first: String) in ConversationMessage.key(org: self.config.org, platform: "facebook", conversationID: post, sourceID: first) }
        let stored = { (key: String) in rows.messages.values.filter { $0.conversationKey == key }.map(\.sourceID).sorted() }

        try projection.apply(Array(log.events[0..<7]), urgency: TopicSpikeCover())
        XCTAssertEqual(stored(key("p10", "s1")), ["s2", "s3", "s3-deleted"], "four weeks to the minute after the withdrawal: not yet")
        XCTAssertNotNil(rows.cuts[key("p10", "s1")])

        try projection.apply([log.events[7]], urgency: TopicSpikeCover())
        XCTAssertEqual(stored(key("p10", "s1")).count, 3, "a minute later, within the same hour: left for the catch-up's end")

        try projection.settleSilent()
        XCTAssertEqual(stored(key("p10", "s1")), [], "silent for four weeks and a minute")
        XCTAssertEqual(rows.settled[key("p10", "s1")]?.positions, [1, 2, 3, 4, 5], "every message, the withdrawal too")
        XCTAssertNil(rows.cuts[key("p10", "s1")], "the next message reads it whole")
        XCTAssertEqual(rows.horizons[config.org], log.events[7].occurredAt)
        XCTAssertEqual(stored(key("p13", "s6")), ["s6"], "a message at minute 60 is not silent yet")

        try projection.apply([log.events[8]], urgency: TopicSpikeCover())
        XCTAssertEqual(stored(key("p13", "s6")), [], "the batch that brings the horizon into a new hour settles it itself")
    }

    /// A deletion arriving in a later batch than its message, with the answer: the conversation
    /// is read again with its withdrawals, and the deleted message no longer counts.
    func testADeletionInALaterBatchWithdrawsTheMessageFromItsItem() throws {
        var log = LogScript(org: config.org)
        log.add(.comment, minute: 0, by: "ed", source: "e1", conversation: "p4")
        let kept = log.add(.comment, minute: 3, by: "ed", source: "e2", conversation: "p4")
        log.add(.delete, minute: 8, by: "ed", source: "e1-deleted", conversation: "p4", parent: "e1")
        log.add(.reply, minute: 15, by: "council", org: true, to: "ed", source: "r5", conversation: "p4", parent: "e2")
        let rows = rows()
        let projection = ResponseProjection(rows: rows, links: MemoryConversationLinks(), log: MemoryMessageLog(events: log.events), config: config)

        try projection.apply(Array(log.events[0..<2]), urgency: TopicSpikeCover())
        XCTAssertEqual(rows.items.values.map(\.item.messageCount), [2], "one spell of two, open")
        XCTAssertNil(rows.items[kept])

        try projection.apply(Array(log.events[2...]), urgency: TopicSpikeCover())
        XCTAssertEqual(rows.items.count, 1)
        XCTAssertEqual(rows.items[kept]?.item.messageCount, 1, "timed from the message still standing")
        XCTAssertEqual(rows.items[kept]?.item.withdrawnMessages, 1)
        XCTAssertNotNil(rows.items[kept]?.item.response)
    }

    /// The urgency facts the projection is given decide an item's priority: the same message is
    /// routine with no spike, urgent with its topic's spike covering it.
    func testASpikeOnTheMessagesTopicMakesItsItemUrgent() throws {
        var log = LogScript(org: config.org)
        let message = log.add(.comment, minute: 90, by: "hal", source: "h1", conversation: "p7", topics: ["flooding"])
        let spike = TopicSpikeCover(spans: ["flooding": [(start: LogScript.base.addingTimeInterval(3600), end: LogScript.base.addingTimeInterval(7200))]])
        let calm = rows(), flooded = rows()
        try ResponseProjection(rows: calm, links: MemoryConversationLinks(), log: MemoryMessageLog(events: log.events), config: config).apply(log.events, urgency: TopicSpikeCover())
        try ResponseProjection(rows: flooded, links: MemoryConversationLinks(), log: MemoryMessageLog(events: log.events), config: config).apply(log.events, urgency: spike)
        XCTAssertEqual(calm.items[message]?.verdict.priority, .routine)
        XCTAssertEqual(flooded.items[message]?.verdict.priority, .urgent)
        XCTAssertEqual(flooded.messages.values.map(\.urgent), [true])
    }

    /// Every reply, worked out by hand on the office calendar (09:00–17:00 Monday to Friday,
    /// England and Wales bank holidays): a conversation's first item answered at once, its second
    /// with two messages before one answer (each timed from itself) across the clocks going back
    /// on Sunday 25 October 2026, its third across New Year's Day.
    func testEveryReplyAcrossTheClocksGoingBackAndABankHoliday() throws {
        var log = LogScript(org: config.org)
        @discardableResult
        func add(_ kind: EventKind, _ at: String, by who: String, source: String) -> UUID {
            let minute = ISO8601DateFormatter().date(from: at)!.timeIntervalSince(LogScript.base) / 60
            let council = kind == .reply
            return log.add(kind, minute: minute, by: who, org: council, to: council ? "dee" : nil, source: source,
                           conversation: "dm-dee", service: "waste")
        }
        let first = add(.comment, "2026-10-23T09:00:00Z", by: "dee", source: "d1")        // Fri 10:00 BST
        add(.reply, "2026-10-23T09:20:00Z", by: "council", source: "r1")
        let second = add(.comment, "2026-10-23T15:30:00Z", by: "dee", source: "d2")       // Fri 16:30 BST
        let weekend = add(.comment, "2026-10-24T12:00:00Z", by: "dee", source: "d3")      // Sat
        add(.reply, "2026-10-26T09:30:00Z", by: "council", source: "r2")                   // Mon 09:30 GMT
        let third = add(.comment, "2026-12-31T16:00:00Z", by: "dee", source: "d4")        // Thu 16:00 GMT
        let fourth = add(.comment, "2026-12-31T16:30:00Z", by: "dee", source: "d5")
        add(.reply, "2027-01-04T10:00:00Z", by: "council", source: "r3")                   // Mon 10:00, after the holiday
        let rows = rows()
        try ResponseProjection(rows: rows, links: MemoryConversationLinks(), log: MemoryMessageLog(events: log.events), config: config).apply(log.events, urgency: TopicSpikeCover())

        let replies = Dictionary(uniqueKeysWithValues: rows.items.values.flatMap(\.replies).map { ($0.messageID, [$0.seconds, $0.businessSeconds]) })
        XCTAssertEqual(replies.count, 5, "five messages answered, in three items")
        XCTAssertEqual(replies[first], [1200, 1200])
        XCTAssertEqual(replies[second], [66 * 3600, 3600], "Fri 16:30 BST to Mon 09:30 GMT is 66 hours (65 by the clocks); 30 + 30 working minutes")
        XCTAssertEqual(replies[weekend], [45.5 * 3600, 1800], "sent on Saturday, answered by the same reply: only Mon 09:00–09:30 counts")
        XCTAssertEqual(replies[third], [90 * 3600, 2 * 3600], "Thu 16:00 to Mon 10:00; Thu 16:00–17:00 and Mon 09:00–10:00, New Year's Day closed")
        XCTAssertEqual(replies[fourth], [89.5 * 3600, 1.5 * 3600], "the second message before the same answer, from itself")
        for judged in rows.items.values {
            let firstReply = judged.replies.first { $0.messageID == judged.item.itemID }
            XCTAssertEqual(firstReply?.seconds, judged.item.responseSeconds, "an item's first reply is its first response")
            XCTAssertEqual(firstReply?.businessSeconds, judged.verdict.businessResponseSeconds)
        }
    }

    /// Whatever order the log brings a conversation's messages in (late ones before the cut,
    /// out of order after it, deletions) and however it is cut into batches, each item keeps the
    /// resolution its conversation's every message gives, and (deletions apart) the rows one
    /// batch of everything gives, the walks at the cut included.
    func testTheKeptResolutionIsWhatEveryMessageGivesWhateverTheOrderAndBatches() throws {
        var random = SystemRandomNumberGenerator()
        for round in 0..<300 {
            var log = LogScript(org: config.org)
            var said: [(source: String, minute: Double)] = []
            for index in 0..<Int.random(in: 2...14, using: &random) {
                let minute = Double(Int.random(in: 0..<12, using: &random) * 720)
                switch Int.random(in: 0..<7, using: &random) {
                case 0, 1, 2:
                    let who = ["ada", "bo"].randomElement(using: &random)!
                    log.add(.comment, minute: minute, by: who, source: "m\(index)", conversation: "p1")
                    said.append(("m\(index)", minute))
                case 3, 4, 5:
                    log.add(.reply, minute: minute, by: "council", org: true, to: ["ada", "bo", nil].randomElement(using: &random)!,
                            source: "m\(index)", conversation: "p1")
                default:
                    guard let target = said.randomElement(using: &random) else { continue }
                    // After the message it takes back, in the log and in time.
                    log.add(.delete, minute: max(minute, target.minute), by: "ada", source: "m\(index)", conversation: "p1", parent: target.source)
                }
            }
            let whole = rows()
            try ResponseProjection(rows: whole, links: MemoryConversationLinks(), log: MemoryMessageLog(events: log.events), config: config).apply(log.events, urgency: TopicSpikeCover())
            let batched = rows()
            let projection = ResponseProjection(rows: batched, links: MemoryConversationLinks(), log: MemoryMessageLog(events: log.events), config: config)
            for batch in log.events.batches(of: Int.random(in: 1...3, using: &random)) {
                try projection.apply(batch, urgency: TopicSpikeCover())
            }
            let told = "round \(round): " + log.events.map { "\($0.kind!.rawValue) \($0.occurredAt.timeIntervalSince(LogScript.base) / 3600) h" }.joined(separator: ", ")
            // With deletions the batches can leave other cuts than one batch does (whatever the
            // resolutions), so the rows are compared whole only without them.
            if !log.events.contains(where: { $0.kind == .delete }) {
                XCTAssertEqual(ResponseSnapshot(batched, log: log.events), ResponseSnapshot(whole, log: log.events), told)
            }
            for row in batched.items.values.map({ $0 }) + whole.items.values.map({ $0 }) {
                let item = row.item
                let candidate = Resolution.candidate(itemID: item.itemID, openedAt: item.openedAt, resident: item.residentHash,
                                                     in: try batched.allMessages(log: log.events), quietPeriod: config.resolutionQuietPeriod)
                XCTAssertEqual(row.resolution.candidate, candidate, told)
                // Timed on the calendar the item's first response is timed on, however the batches went.
                let calendar = config.calendar(forService: item.service).version(at: item.openedAt).value
                XCTAssertEqual(row.resolution.businessSeconds, candidate.map { calendar.businessSeconds(from: item.openedAt, to: $0.resolvedAt) }, told)
            }
        }
    }
}
