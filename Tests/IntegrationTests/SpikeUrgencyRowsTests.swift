import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres
import XCTest

/// `PostgresSpikeRows.reconsiderUrgency` over stored rows: a change of a topic's spikes makes
/// urgent the messages it covers and routine again those it no longer does, and one that changes
/// no message's urgency reads no conversation message at all (in a rebuild at 100k events, 42 such
/// judgements scanned the whole of `conversation_messages`, 1.37 s of the server's time).
final class SpikeUrgencyRowsTests: DatabaseTestCase {
    private let org = "harbourside"
    private let topic = "bins"
    private let start = Date(timeIntervalSince1970: 1_760_000_400)

    /// Two residents' messages on the topic, an hour apart, in two conversations, neither urgent
    /// of its own; stored as a batch stores them, each routine (no spike yet), settled through
    /// `through` (a conversation's cut).
    private func store(on connection: Connection, settlingThrough through: [String: ResponseMatcher.QuietPoint] = [:]) throws {
        let messages = (0..<2).map { index in
            ConversationMessage(
                eventID: UUID(), conversationKey: "\(org)/twitter:\(100 + index)", org: org, platform: "twitter",
                channel: "public", account: "council", service: "waste", kind: .comment, actorHash: Data([UInt8(index)]),
                actorIsOrg: false, addresseeHash: nil, occurredAt: start.addingTimeInterval(Double(index) * 3600),
                sourceID: "\(100 + index)")
        }
        try PostgresResponseRows(connection: connection, timeZone: TimeZone(identifier: "Europe/London")!)
            .append(messages.enumerated().map { (Int64($0.offset + 1), $0.element) }, settlingThrough: through)
        try PostgresSpikeRows(connection: connection).recordTopics(messages.enumerated().map { index, message in
            MessageTopicRow(position: Int64(index + 1), org: org, topics: [topic], occurredAt: message.occurredAt,
                            keywordUrgent: false, urgent: false)
        })
    }

    /// A spike of the topic from `start` for `hours` hours.
    private func spike(hours: Int, on connection: Connection) throws {
        let key = SpikeSeriesKey(dimension: SpikeSeriesKey.topic, value: topic)
        try PostgresSpikeRows(connection: connection).replaceSpikes(org: org, key: key, from: start, with: [
            (UUID(), SpikeInterval(start: start, end: start.addingTimeInterval(Double(hours) * 3600), startCount: 9,
                                   startBaseline: SpikeBaseline(value: 1, kind: .weekly, references: 4), startScore: 5, early: false,
                                   peakCount: 9, peakHour: start)),
        ])
    }

    private func urgentSources(on connection: Connection) throws -> (messages: [String], topics: [Int64]) {
        (try connection.query("SELECT source_id FROM projections.conversation_messages WHERE urgent ORDER BY 1").map { try $0.decode(String.self, 0) },
         try connection.query("SELECT log_position FROM projections.message_topics WHERE urgent ORDER BY 1").map { try $0.decode(Int64.self, 0) })
    }

    func testASpikeMakesUrgentTheMessagesItCoversAndRoutineThoseItNoLongerDoes() throws {
        let connection = try database.connect()
        let rows = PostgresSpikeRows(connection: connection)
        try store(on: connection)

        try spike(hours: 2, on: connection)
        XCTAssertEqual(try rows.reconsiderUrgency(org: org, topics: [topic], from: start, urgentTopics: [topic]),
                       ["\(org)/twitter:100", "\(org)/twitter:101"])
        XCTAssertEqual(try urgentSources(on: connection).messages, ["100", "101"])
        XCTAssertEqual(try urgentSources(on: connection).topics, [1, 2])

        // Late data shortens the spike to its first hour: the second message is routine again.
        try spike(hours: 1, on: connection)
        XCTAssertEqual(try rows.reconsiderUrgency(org: org, topics: [topic], from: start, urgentTopics: [topic]), ["\(org)/twitter:101"])
        XCTAssertEqual(try urgentSources(on: connection).messages, ["100"])
        XCTAssertEqual(try urgentSources(on: connection).topics, [1])
    }

    /// A message settled at its conversation's cut (kept as its place in the log, migration 154)
    /// is turned over as a stored one is, and its conversation named for its items to be computed
    /// again: else reading it again from the log would give it the urgency it had before the spike.
    func testASpikeTurnsOverTheUrgencyOfASettledMessage() throws {
        let connection = try database.connect()
        let rows = PostgresSpikeRows(connection: connection)
        let key = "\(org)/twitter:100"
        try store(on: connection, settlingThrough: [key: ResponseMatcher.QuietPoint(at: start.addingTimeInterval(60), eventID: UUID())])
        let settled: Query = """
            SELECT positions::text, coalesce(urgent::text, 'none') FROM projections.conversation_settled WHERE conversation_key = \(key)
            """
        XCTAssertEqual(try connection.query(settled).map { [try $0.decode(String.self, 0), try $0.decode(String.self, 1)] }, [["{1}", "none"]],
                       "a conversation with none urgent keeps no array (migration 161)")

        try spike(hours: 2, on: connection)
        XCTAssertEqual(try rows.reconsiderUrgency(org: org, topics: [topic], from: start, urgentTopics: [topic]), [key, "\(org)/twitter:101"])
        XCTAssertEqual(try connection.query(settled).map { try $0.decode(String.self, 1) }, ["{1}"], "the settled message is urgent")
        XCTAssertEqual(try urgentSources(on: connection).messages, ["101"])

        try spike(hours: 0, on: connection)
        XCTAssertEqual(try rows.reconsiderUrgency(org: org, topics: [topic], from: start, urgentTopics: [topic]), [key, "\(org)/twitter:101"])
        XCTAssertEqual(try connection.query(settled).map { try $0.decode(String.self, 1) }, ["none"], "and routine again, with no array")
    }

    func testAChangeThatLeavesEveryMessageAsItWasReadsNoConversationMessage() throws {
        let connection = try database.connect()
        let rows = PostgresSpikeRows(connection: connection)
        try store(on: connection)
        try spike(hours: 2, on: connection)
        _ = try rows.reconsiderUrgency(org: org, topics: [topic], from: start, urgentTopics: [topic])

        // The spike is judged again and found as it was: the messages' urgency stands.
        try connection.transaction {
            let reads: Query = """
                SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_xact_user_tables
                WHERE schemaname = 'projections' AND relname = 'conversation_messages'
                """
            let before = try connection.query(reads)[0].decode(Int64.self, 0)
            try spike(hours: 2, on: connection)
            XCTAssertEqual(try rows.reconsiderUrgency(org: org, topics: [topic], from: start, urgentTopics: [topic]), [])
            XCTAssertEqual(try connection.query(reads)[0].decode(Int64.self, 0), before, "conversation_messages was read")
        }
        XCTAssertEqual(try urgentSources(on: connection).messages, ["100", "101"])
    }
}
