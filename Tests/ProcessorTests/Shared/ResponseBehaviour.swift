// One behaviour suite for every `ResponseRows`: ProcessorTests runs it over `MemoryResponseRows`
// with no server, IntegrationTests (through a symbolic link to this file) over
// `PostgresResponseRows` too, and compares the two implementations' rows.
import CivicPulseCore
import CivicPulseReadModel
import Foundation
import XCTest
@testable import CivicPulseProcessor

/// The demo council's pipeline (Europe/London, its SLA policy).
func examplePipeline() throws -> PipelineConfig {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    return try PipelineConfig.load(path: root.appendingPathComponent("pipelines/example-council.yaml").path)
}

/// What a reader of the response rows sees, in an order of its own: the items with their
/// verdicts, each conversation's cut, the messages with their urgency, the stale weeks.
struct ResponseSnapshot: Equatable, CustomStringConvertible {
    struct Item: Equatable, Comparable {
        var itemID: UUID
        var conversationKey: String
        var openedAt: Date
        var messageCount: Int
        var responseEventID: UUID?
        var priority: String
        /// In whole microseconds, as PostgreSQL keeps it.
        var dueAt: Double?
        var withdrawnMessages: Int
        /// The resolution kept with the item (in whole microseconds), and the walk at its conversation's cut.
        var resolvedAt: Double?
        var councilReplies: Int?
        var resolutionBusinessSeconds: Int?
        var cutStage: String
        var cutReplyAt: Double?
        var cutReplies: Int

        static func microseconds(_ date: Date) -> Double { (date.timeIntervalSince1970 * 1_000_000).rounded() }

        static func < (a: Item, b: Item) -> Bool { a.itemID.uuidString < b.itemID.uuidString }
    }

    /// One resident message answered: its reply times, as whole seconds.
    struct Reply: Equatable, Comparable {
        var messageID: UUID
        var itemID: UUID
        var seconds: Double
        var businessSeconds: Double

        static func < (a: Reply, b: Reply) -> Bool { a.messageID.uuidString < b.messageID.uuidString }
    }

    var items: [Item]
    var replies: [Reply]
    var cuts: [String: ResponseMatcher.QuietPoint]
    /// Each message's event id and whether it is urgent, by event id.
    var urgent: [UUID: Bool]
    var staleWeeks: Set<StaleWeek>

    init(items: [Item], replies: [Reply], cuts: [String: ResponseMatcher.QuietPoint], urgent: [UUID: Bool], staleWeeks: Set<StaleWeek>) {
        self.items = items.sorted()
        self.replies = replies.sorted()
        self.cuts = cuts
        self.urgent = urgent
        self.staleWeeks = staleWeeks
    }

    /// - Parameter log: the events, which name the settled messages.
    init(_ rows: MemoryResponseRows, log: [LoggedEvent]) {
        self.init(
            items: rows.items.values.map {
                Item(itemID: $0.item.itemID, conversationKey: $0.item.conversationKey, openedAt: $0.item.openedAt,
                     messageCount: $0.item.messageCount, responseEventID: $0.item.response?.eventID,
                     priority: $0.verdict.priority.rawValue, dueAt: $0.verdict.dueAt.map(Item.microseconds), withdrawnMessages: $0.item.withdrawnMessages,
                     resolvedAt: $0.resolution.candidate.map { Item.microseconds($0.resolvedAt) }, councilReplies: $0.resolution.candidate?.councilReplies,
                     resolutionBusinessSeconds: $0.resolution.businessSeconds,
                     cutStage: $0.resolution.atCut.stage.rawValue, cutReplyAt: $0.resolution.atCut.lastReply.map(Item.microseconds),
                     cutReplies: $0.resolution.atCut.replies)
            },
            replies: rows.items.values.flatMap(\.replies).map {
                Reply(messageID: $0.messageID, itemID: $0.itemID, seconds: $0.seconds, businessSeconds: $0.businessSeconds)
            },
            cuts: rows.cuts, urgent: rows.urgency(log: log),
            staleWeeks: rows.staleWeeks
        )
    }

    var description: String {
        items.map { "\($0.conversationKey) \($0.openedAt) ×\($0.messageCount) \($0.priority) answered:\($0.responseEventID != nil) withdrawn:\($0.withdrawnMessages)" }
            .joined(separator: "\n")
    }
}

extension MemoryResponseRows {
    /// Every message, stored or settled: the settled ones as `MemoryMessageLog` reads them from `log`.
    func allMessages(log: [LoggedEvent]) throws -> [ConversationMessage] {
        Array(messages.values) + (try MemoryMessageLog(events: log).messages(Array(settled.values))).map(\.message)
    }

    /// Each message's urgency, stored or settled, by event id.
    func urgency(log: [LoggedEvent]) -> [UUID: Bool] {
        let ids = Dictionary(uniqueKeysWithValues: log.map { ($0.position, $0.eventID) })
        var urgent = Dictionary(uniqueKeysWithValues: messages.values.map { ($0.eventID, $0.urgent) })
        for conversation in settled.values {
            for position in conversation.positions { urgent[ids[position]!] = conversation.isUrgent(position) }
        }
        return urgent
    }
}

/// A stretch of log and what the response rows must show after it, whatever the batches.
struct ResponseScenario {
    var name: String
    var events: [LoggedEvent]
    /// The topic spikes as they stand (the urgency facts the projection is given).
    var urgency = TopicSpikeCover()
    /// What a user notices in the items.
    var expect: (ResponseSnapshot) -> Void

    /// Applies the events in batches of `size` through a projection over `rows` and `links`,
    /// then settles the silent conversations, as the processor's catch-up ends.
    func run(on rows: any ResponseRows, links: any ConversationLinkRows, config: PipelineConfig, batchSize size: Int) throws {
        let projection = ResponseProjection(rows: rows, links: links, log: MemoryMessageLog(events: events), config: config)
        for batch in events.batches(of: size) {
            try projection.apply(batch, urgency: urgency)
        }
        try projection.settleSilent()
    }
}

extension Array where Element == LoggedEvent {
    /// The log cut into batches of `size` events, as the processor takes them.
    func batches(of size: Int) -> [[LoggedEvent]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

/// Builds the log's events for the scenarios: positions in log order, times in minutes after
/// Monday 2026-11-23 09:00 UTC (office hours in London).
struct LogScript {
    let org: String
    private(set) var events: [LoggedEvent] = []
    static let base = Date(timeIntervalSince1970: 1_795_424_400)

    init(org: String) {
        self.org = org
    }

    static func id(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))!
    }

    static func hash(_ who: String) -> Data { Data(who.utf8) }

    @discardableResult
    mutating func add(_ kind: EventKind, minute: Double, by actor: String, org isOrg: Bool = false, to addressee: String? = nil,
                      source: String, conversation: String? = nil, parent: String? = nil, topics: [String] = [], text: String? = nil,
                      platform: String = "facebook", service: String = PipelineConfig.unassigned, details: String? = nil,
                      sourceType: String = "message", video: String? = nil) -> UUID {
        let position = Int64(events.count + 1)
        let id = Self.id(Int(position))
        events.append(LoggedEvent(.init(
            txID: "1000", position: position, eventID: id, org: org, platform: platform, sourceType: sourceType, channel: platform,
            account: "council-page", service: service, kind: kind, conversationID: conversation,
            parentID: parent, sourceID: source, actorHash: Self.hash(actor), actorIsOrg: isOrg,
            addresseeHash: addressee.map(Self.hash), occurredAt: Self.base.addingTimeInterval(minute * 60),
            text: text, details: details, topics: topics, videoID: video
        )))
        return id
    }

    /// A later reading of `target` names its thread, parent and addressee: the correction ingest appends.
    mutating func correct(_ target: UUID, conversation: String, parent: String, to addressee: String) {
        var correction = events.first { $0.eventID == target }!
        correction.position = Int64(events.count + 1)
        correction.eventID = Self.id(Int(correction.position))
        correction.correction = EventCorrection.Target(eventID: target, kind: correction.kind!, filled: [.conversation, .parent, .addressee],
                                                       formerAccount: correction.account, formerService: correction.service)
        correction.kind = .correction
        (correction.conversationID, correction.parentID, correction.addresseeHash) = (conversation, parent, Self.hash(addressee))
        events.append(correction)
    }
}

enum ResponseBehaviour {
    static func scenarios(org: String) -> [ResponseScenario] {
        var answered = LogScript(org: org)
        let adaAsked = answered.add(.comment, minute: 0, by: "ada", source: "a1", conversation: "p1")
        let adaAskedAgain = answered.add(.comment, minute: 5, by: "ada", source: "a2", conversation: "p1")
        let reply = answered.add(.reply, minute: 30, by: "council", org: true, to: "ada", source: "r1", conversation: "p1", parent: "a1")
        answered.add(.comment, minute: 40, by: "ada", source: "a3", conversation: "p1")
        answered.add(.comment, minute: 50, by: "bo", source: "b1", conversation: "p2")

        // A message older than its conversation's cut arrives last: the conversation is read whole again.
        var late = LogScript(org: org)
        let first = late.add(.comment, minute: 10, by: "cy", source: "c1", conversation: "p3")
        let lateReply = late.add(.reply, minute: 20, by: "council", org: true, to: "cy", source: "r3", conversation: "p3", parent: "c1")
        late.add(.comment, minute: 60, by: "cy", source: "c2", conversation: "p3")
        late.add(.reply, minute: 70, by: "council", org: true, to: "cy", source: "r4", conversation: "p3", parent: "c2")
        let early = late.add(.comment, minute: 2, by: "cy", source: "c0", conversation: "p3")

        // A resident deletes one message of two before the answer, and the other's spell, unanswered, entirely.
        var withdrawn = LogScript(org: org)
        withdrawn.add(.comment, minute: 0, by: "ed", source: "e1", conversation: "p4")
        let kept = withdrawn.add(.comment, minute: 3, by: "ed", source: "e2", conversation: "p4")
        withdrawn.add(.delete, minute: 8, by: "ed", source: "e1-deleted", conversation: "p4", parent: "e1")
        withdrawn.add(.reply, minute: 15, by: "council", org: true, to: "ed", source: "r5", conversation: "p4", parent: "e2")
        withdrawn.add(.comment, minute: 20, by: "fi", source: "f1", conversation: "p5")
        withdrawn.add(.delete, minute: 25, by: "fi", source: "f1-deleted", conversation: "p5", parent: "f1")

        // Messages on a topic in spike are urgent; before the spike and on other topics they are not.
        var spike = LogScript(org: org)
        let before = spike.add(.comment, minute: 0, by: "gu", source: "g1", conversation: "p6", topics: ["flooding"])
        let during = spike.add(.comment, minute: 90, by: "hal", source: "h1", conversation: "p7", topics: ["flooding"])
        let other = spike.add(.comment, minute: 95, by: "ivy", source: "i1", conversation: "p8", topics: ["parking"])
        let cover = TopicSpikeCover(spans: ["flooding": [(start: LogScript.base.addingTimeInterval(3600), end: nil)]])

        // v1.1 tweets carry no conversation id: the council's file comes first and names only
        // each reply's parent; the residents' file, later, brings the question and the follow-up.
        var split = LogScript(org: org)
        let firstAnswer = split.add(.reply, minute: 20, by: "council", org: true, to: "jo", source: "t2", conversation: "t1", parent: "t1", platform: "twitter")
        let secondAnswer = split.add(.reply, minute: 45, by: "council", org: true, to: "jo", source: "t4", conversation: "t3", parent: "t3", platform: "twitter")
        let question = split.add(.comment, minute: 0, by: "jo", source: "t1", conversation: "t1", platform: "twitter")
        let followUp = split.add(.comment, minute: 30, by: "jo", source: "t3", conversation: "t2", parent: "t2", platform: "twitter")

        // A Page's reply first read from a comment page without `parent`: on the post's thread,
        // answering nobody in particular; a later page names the comment it sits under.
        var corrected = LogScript(org: org)
        let asked = corrected.add(.comment, minute: 0, by: "ka", source: "k1", conversation: "k1", parent: "post9")
        let waiting = corrected.add(.comment, minute: 5, by: "lu", source: "l1", conversation: "l1", parent: "post9")
        let pageReply = corrected.add(.reply, minute: 20, by: "council", org: true, source: "k1r", conversation: "post9", parent: "post9")
        corrected.correct(pageReply, conversation: "k1", parent: "k1", to: "ka")

        // Resolution (docs/calendars-and-sla.md): ada writes back within the quiet period of the
        // first reply, is answered again, and writes next more than 48 hours after that answer.
        var resolved = LogScript(org: org)
        let adaFirst = resolved.add(.comment, minute: 0, by: "ada", source: "q1", conversation: "p9")
        resolved.add(.reply, minute: 30, by: "council", org: true, to: "ada", source: "q1r", conversation: "p9", parent: "q1")
        let adaAgain = resolved.add(.comment, minute: 40, by: "ada", source: "q2", conversation: "p9")
        resolved.add(.reply, minute: 60, by: "council", org: true, to: "ada", source: "q2r", conversation: "p9", parent: "q2")
        let bo = resolved.add(.comment, minute: 1440, by: "bo", source: "q3", conversation: "p9")
        resolved.add(.reply, minute: 1500, by: "council", org: true, to: "bo", source: "q3r", conversation: "p9", parent: "q3")
        let adaLater = resolved.add(.comment, minute: 4000, by: "ada", source: "q4", conversation: "p9")
        resolved.add(.reply, minute: 4100, by: "council", org: true, to: "ada", source: "q4r", conversation: "p9", parent: "q4")
        func minute(_ minutes: Double) -> Double { ResponseSnapshot.Item.microseconds(LogScript.base.addingTimeInterval(minutes * 60)) }

        // A follow-up left unanswered and a comment withdrawn after the conversation's cut; four
        // weeks later, by another conversation, it settles whole (`SettledMessages.silence`); the
        // council answers the follow-up after five weeks.
        var silent = LogScript(org: org)
        silent.add(.comment, minute: 0, by: "ada", source: "s1", conversation: "p10")
        silent.add(.reply, minute: 30, by: "council", org: true, to: "ada", source: "s1r", conversation: "p10", parent: "s1")
        let followUpLeft = silent.add(.comment, minute: 40, by: "ada", source: "s2", conversation: "p10")
        let withdrawnLater = silent.add(.comment, minute: 45, by: "fi", source: "s3", conversation: "p10")
        silent.add(.delete, minute: 50, by: "fi", source: "s3-deleted", conversation: "p10", parent: "s3")
        silent.add(.comment, minute: 28 * 1440 + 60, by: "gus", source: "s4", conversation: "p11")
        let lateAnswer = silent.add(.reply, minute: 35 * 1440 + 40, by: "council", org: true, to: "ada", source: "s2r", conversation: "p10", parent: "s2")

        return [
            ResponseScenario(name: "resolution", events: resolved.events) { rows in
                func kept(_ id: UUID) -> [Double?] {
                    rows.items.first { $0.itemID == id }.map { [$0.resolvedAt, $0.councilReplies.map(Double.init)] } ?? []
                }
                XCTAssertEqual(kept(adaFirst), [minute(60), 2], "ada's follow-up took the first reply back; the second stood 48 hours\n\(rows)")
                XCTAssertEqual(kept(adaAgain), [minute(60), 1], "the follow-up's own item, resolved by one reply")
                XCTAssertEqual(kept(bo), [minute(1500), 1], "bo's item, by the reply to bo alone: the reply to ada is not bo's")
                XCTAssertEqual(kept(adaLater), [minute(4100), 1], "ada's new matter, its quiet period still to run")
                XCTAssertEqual(rows.items.filter { $0.cutStage == ResolutionWalk.Stage.resolved.rawValue }.map(\.itemID).sorted { $0.uuidString < $1.uuidString },
                               [adaFirst, adaAgain], "resolved before the conversation's last quiet point, whatever comes later\n\(rows)")
            },
            ResponseScenario(name: "silent", events: silent.events) { rows in
                XCTAssertEqual(rows.items.first { $0.itemID == followUpLeft }?.responseEventID, lateAnswer,
                               "the answer five weeks on answers the follow-up, read whole from the log\n\(rows)")
                XCTAssertEqual(rows.replies.first { $0.messageID == followUpLeft }?.seconds, 35 * 86_400)
                XCTAssertNil(rows.items.first { $0.itemID == withdrawnLater }, "the withdrawal settled with it still withdraws\n\(rows)")
                XCTAssertEqual(rows.items.count, 3, "ada's two spells and gus's\n\(rows)")
            },
            ResponseScenario(name: "corrected reply", events: corrected.events) { rows in
                XCTAssertEqual(rows.items.first { $0.itemID == asked }?.responseEventID, pageReply, "the reply answers the comment it sits under\n\(rows)")
                XCTAssertNil(rows.items.first { $0.itemID == waiting }?.responseEventID, "and no other\n\(rows)")
                XCTAssertEqual(rows.items.count, 2, "\(rows)")
            },
            ResponseScenario(name: "split thread", events: split.events) { rows in
                XCTAssertEqual(Set(rows.items.map(\.conversationKey)).count, 1, "the pieces are one conversation\n\(rows)")
                XCTAssertEqual(rows.items.first { $0.itemID == question }?.responseEventID, firstAnswer, "\(rows)")
                XCTAssertEqual(rows.items.first { $0.itemID == followUp }?.responseEventID, secondAnswer, "\(rows)")
            },
            ResponseScenario(name: "answered", events: answered.events) { rows in
                XCTAssertEqual(rows.items.map(\.messageCount), [2, 1, 1], "two messages before the reply are one item\n\(rows)")
                XCTAssertEqual(rows.items.first?.responseEventID, reply)
                XCTAssertEqual(rows.replies, [.init(messageID: adaAsked, itemID: adaAsked, seconds: 1800, businessSeconds: 1800),
                                              .init(messageID: adaAskedAgain, itemID: adaAsked, seconds: 1500, businessSeconds: 1500)],
                               "each message before the answer has its reply, timed from itself\n\(rows)")
                XCTAssertEqual(rows.items.filter { $0.responseEventID == nil }.count, 2, "the follow-up and the other post wait\n\(rows)")
                XCTAssertFalse(rows.staleWeeks.isEmpty, "the items' week is marked for the summary")
            },
            ResponseScenario(name: "late", events: late.events) { rows in
                let item = rows.items.first { $0.itemID == early }
                XCTAssertEqual(item?.messageCount, 2, "the late message opens the spell the reply after it answers\n\(rows)")
                XCTAssertEqual(item?.responseEventID, lateReply)
                XCTAssertNil(rows.items.first { $0.itemID == first }, "the item timed from the later message is gone\n\(rows)")
                XCTAssertEqual(rows.items.count, 2, "\(rows)")
                XCTAssertEqual(rows.items.filter { $0.responseEventID != nil }.count, 2, "\(rows)")
                XCTAssertEqual(rows.replies.map(\.seconds).sorted(), [600, 600, 1080],
                               "c0 and c1 answered at minute 20, c2 (the second item) at minute 70\n\(rows)")
            },
            ResponseScenario(name: "withdrawn", events: withdrawn.events) { rows in
                XCTAssertEqual(rows.items.count, 1, "a spell whose only message was deleted is no item\n\(rows)")
                XCTAssertEqual(rows.items.first?.itemID, kept, "timed from the first message still standing")
                XCTAssertEqual(rows.items.first?.withdrawnMessages, 1)
                XCTAssertEqual(rows.replies.map(\.messageID), [kept], "the deleted message has no reply")
            },
            ResponseScenario(name: "spike", events: spike.events, urgency: cover) { rows in
                XCTAssertEqual(rows.urgent[during], true, "on a topic in spike")
                XCTAssertEqual(rows.urgent[before], false, "before the spike")
                XCTAssertEqual(rows.urgent[other], false, "another topic")
                XCTAssertEqual(rows.items.first { $0.itemID == during }?.priority, Priority.urgent.rawValue)
                XCTAssertEqual(rows.items.first { $0.itemID == before }?.priority, Priority.routine.rawValue)
            },
        ]
    }
}
