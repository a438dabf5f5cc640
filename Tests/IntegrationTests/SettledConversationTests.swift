import CivicPulseCore
import CivicPulseProcessor
import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// A conversation's messages at or before its cut are kept as their places in the log
/// (`projections.conversation_settled`, migration 154), not as rows of `conversation_messages`,
/// and read from the log again when the conversation must be read whole.
final class SettledConversationTests: DatabaseTestCase {
    private let start = utc("2026-11-16T09:00:00Z")

    /// A resident's comment on post `post` and, half an hour later, the council's answer.
    private func exchange(_ post: String, minute: Double, account: String, service: String) throws -> [EngagementEvent] {
        let config = try Fixtures.config()
        let resident = Fixtures.hasher.hash(platform: "facebook", userID: "resident-\(post)")
        let at = start.addingTimeInterval(minute * 60)
        return [
            EngagementEvent(platform: "facebook", sourceType: "comment", sourceID: "\(post)_c", org: config.org, channel: "facebook",
                            account: account, service: service, kind: .comment, conversationID: post, parentID: post,
                            actorHash: resident, actorIsOrg: false, occurredAt: at, text: "the bins were missed"),
            EngagementEvent(platform: "facebook", sourceType: "comment", sourceID: "\(post)_r", org: config.org, channel: "facebook",
                            account: "harbourside_facebook", service: "waste", kind: .reply, conversationID: post, parentID: "\(post)_c",
                            actorIsOrg: true, addresseeHash: resident, occurredAt: at.addingTimeInterval(1_800), text: "sorry, on its way"),
        ]
    }

    private func append(_ events: [EngagementEvent], on connection: Connection) throws {
        _ = try connection.transaction { try EventLog.append(events, sourceFile: "settled", judge: Fixtures.isUrgent, on: connection) }
    }

    private func count(_ sql: Query, on connection: Connection) throws -> Int {
        try connection.query(sql)[0].decode(Int.self, 0)
    }

    /// `event` again as another message of its thread: `source` its id, at `at`.
    private func another(_ event: EngagementEvent, source: String, at: Date) -> EngagementEvent {
        var message = event
        message.sourceID = source
        message.eventID = EventID.derive(platform: "facebook", sourceType: "comment", sourceID: source)
        message.occurredAt = at
        return message
    }

    /// A rebuild in batches of 1, 3 and 1,000 gives the rows the processing so far gave.
    private func assertRebuildsGiveTheSameRows(config: PipelineConfig, on connection: Connection, file: StaticString = #filePath, line: UInt = #line) throws {
        let incremental = try projectionDigests(database)
        for batchSize in [1, 3, 1_000] {
            try Processor(connection: connection, config: config, batchSize: batchSize).rebuild()
            assertSameProjections(try projectionDigests(database), incremental, "rebuilt in batches of \(batchSize)", file: file, line: line)
        }
    }

    /// Answered, the exchange leaves no row in `conversation_messages`: its two messages are two
    /// positions. A later reading that names the comment's account (a correction in the log) reaches
    /// the item all the same, read from the log, and a rebuild in any batches gives the same rows.
    func testAnAnsweredConversationIsTwoPlacesInTheLogAndALaterCorrectionStillReachesItsItem() throws {
        let connection = try database.connect()
        let config = try Fixtures.config()
        let processor = Processor(connection: connection, config: config, batchSize: 2)
        try append(try exchange("p1", minute: 0, account: EventAttribution.unknownAccount, service: PipelineConfig.unassigned)
                   + exchange("p2", minute: 10, account: "harbourside_facebook", service: "waste"), on: connection)
        try processor.catchUp()
        XCTAssertEqual(try count("SELECT count(*) FROM projections.conversation_messages", on: connection), 0,
                       "every message is at or before its conversation's cut")
        XCTAssertEqual(try count("SELECT sum(cardinality(positions))::int FROM projections.conversation_settled", on: connection), 4)
        let item: Query = "SELECT account || ' ' || service FROM (SELECT i.*, e.source_id FROM projections.response_items i JOIN civicpulse.events e ON e.event_id = i.item_id) response_items WHERE source_id = 'p1_c'"
        XCTAssertEqual(try connection.query(item).map { try $0.decode(String.self, 0) }, ["unknown unassigned"])

        // The comment read again with its page known: the log gains a correction of it.
        try append([try exchange("p1", minute: 0, account: "harbourside_facebook", service: "waste")[0]], on: connection)
        XCTAssertEqual(try count("SELECT count(*) FROM civicpulse.events WHERE kind = 'correction'", on: connection), 1)
        try processor.catchUp()
        XCTAssertEqual(try connection.query(item).map { try $0.decode(String.self, 0) }, ["harbourside_facebook waste"],
                       "the settled comment, read from the log with its correction, moves its item to the page")
        XCTAssertEqual(try count("SELECT count(*) FROM projections.conversation_messages", on: connection), 0, "and settles again")

        try assertRebuildsGiveTheSameRows(config: config, on: connection)
    }

    /// A question answered, then a second one in the same conversation left unanswered: four weeks
    /// after it, by the council's newest message, the conversation settles whole and loses its cut.
    /// The answer that comes at last still answers the second question, read whole from the log,
    /// and a rebuild in any batches gives the same rows.
    func testAConversationSilentForFourWeeksSettlesWholeAndALateAnswerStillAnswersIt() throws {
        let connection = try database.connect()
        let config = try Fixtures.config()
        var events = try exchange("p6", minute: 0, account: "harbourside_facebook", service: "waste")
        let question = another(events[0], source: "p6_c2", at: start.addingTimeInterval(3_600))
        events.append(question)
        let processor = Processor(connection: connection, config: config, batchSize: 1)
        try append(events, on: connection)
        try processor.catchUp()
        XCTAssertEqual(try connection.query("SELECT source_id FROM projections.conversation_messages").map { try $0.decode(String.self, 0) },
                       ["p6_c2"], "the open question is stored, after the cut")

        // Another conversation of the council, answered 31 minutes short of four weeks after the question.
        try append(try exchange("p7", minute: 60 + 28 * 1_440 - 61, account: "harbourside_facebook", service: "waste"), on: connection)
        try processor.catchUp()
        XCTAssertEqual(try count("SELECT count(*) FROM projections.conversation_messages", on: connection), 1, "not silent for four weeks yet")
        // A third, answered four weeks and a minute after it.
        try append(try exchange("p8", minute: 60 + 28 * 1_440 - 29, account: "harbourside_facebook", service: "waste"), on: connection)
        try processor.catchUp()
        XCTAssertEqual(try count("SELECT count(*) FROM projections.conversation_messages", on: connection), 0,
                       "the silent conversation settles whole")
        let p6 = ConversationMessage.key(org: "harbourside", platform: "facebook", conversationID: "p6", sourceID: "p6")
        XCTAssertEqual(try count("SELECT count(*) FROM projections.conversation_cuts WHERE conversation_key = \(p6)", on: connection), 0,
                       "and forgets its cut, so that the next message reads it whole")
        XCTAssertEqual(try count("SELECT cardinality(positions) FROM projections.conversation_settled WHERE conversation_key = \(p6)",
                                 on: connection), 3)

        // The council answers the second question five weeks on.
        var answer = another(events[1], source: "p6_r2", at: question.occurredAt.addingTimeInterval(35 * 86_400))
        answer.parentID = "p6_c2"
        try append([answer], on: connection)
        try processor.catchUp()
        let answered: Query = "SELECT response_seconds FROM (SELECT i.*, e.source_id FROM projections.response_items i JOIN civicpulse.events e ON e.event_id = i.item_id) response_items WHERE source_id = 'p6_c2'"
        XCTAssertEqual(try connection.query(answered).map { try $0.decode(Double.self, 0) }, [35 * 86_400],
                       "the late answer answers the question it settled with")

        try assertRebuildsGiveTheSameRows(config: config, on: connection)
    }

    /// A question answered, then a second question in the same conversation, unanswered: the
    /// first exchange is settled, the open question stays a stored message, after the cut.
    func testOnlyTheMessagesAfterTheCutStayStored() throws {
        let connection = try database.connect()
        let config = try Fixtures.config()
        var events = try exchange("p3", minute: 0, account: "harbourside_facebook", service: "waste")
        events.append(another(events[0], source: "p3_c2", at: start.addingTimeInterval(3_600)))
        try append(events, on: connection)
        try Processor(connection: connection, config: config, batchSize: 1).catchUp()
        XCTAssertEqual(try connection.query("SELECT source_id FROM projections.conversation_messages").map { try $0.decode(String.self, 0) },
                       ["p3_c2"])
        XCTAssertEqual(try count("SELECT cardinality(positions) FROM projections.conversation_settled", on: connection), 2)
        XCTAssertEqual(try count("SELECT count(*) FROM projections.response_items", on: connection), 2, "the answered item and the open one")
    }
}
