import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres
import XCTest
@testable import CivicPulseProcessor

/// The shared response behaviour suite (`ResponseBehaviour`, which ProcessorTests runs in memory)
/// over `PostgresResponseRows`: each scenario's rows hold what the suite expects, and are the rows
/// `MemoryResponseRows` gives, in one batch and in batches of one event.
final class ResponseRowsParityTests: DatabaseTestCase {
    /// - Parameter log: the scenario's events, which name the settled messages.
    private func snapshot(_ connection: Connection, log: [LoggedEvent]) throws -> ResponseSnapshot {
        let items = try connection.query("""
            SELECT item_id, conversation_key, opened_at, message_count, response_event_id, priority, due_at, withdrawn_messages,
                   resolution_at, resolution_replies, resolution_cut_stage, resolution_cut_reply_at, resolution_cut_replies,
                   resolution_business_seconds
            FROM projections.response_items
            """).map { row in
            ResponseSnapshot.Item(
                itemID: try row.decode(UUID.self, 0), conversationKey: try row.decode(String.self, 1),
                openedAt: try row.decode(Date.self, 2), messageCount: try row.decode(Int.self, 3),
                responseEventID: try row.decode(UUID?.self, 4), priority: try row.decode(String.self, 5),
                dueAt: try row.decode(Date?.self, 6).map(ResponseSnapshot.Item.microseconds), withdrawnMessages: try row.decode(Int.self, 7),
                resolvedAt: try row.decode(Date?.self, 8).map(ResponseSnapshot.Item.microseconds), councilReplies: try row.decode(Int?.self, 9),
                resolutionBusinessSeconds: try row.decode(Int?.self, 13),
                cutStage: try row.decode(String.self, 10), cutReplyAt: try row.decode(Date?.self, 11).map(ResponseSnapshot.Item.microseconds),
                cutReplies: try row.decode(Int.self, 12)
            )
        }
        // An answered item's first reply is its own answer (migration 158): read so, it must match the twin's.
        let replies = try connection.query("""
            SELECT item_id, item_id, response_seconds, business_response_seconds FROM projections.response_items WHERE responded_at IS NOT NULL
            UNION ALL
            SELECT message_id, item_id, reply_seconds, business_reply_seconds FROM projections.later_replies
            """).map {
            ResponseSnapshot.Reply(messageID: try $0.decode(UUID.self, 0), itemID: try $0.decode(UUID.self, 1),
                                   seconds: try $0.decode(Double.self, 2), businessSeconds: try $0.decode(Double.self, 3))
        }
        let cuts = try connection.query("SELECT conversation_key, quiet_at, quiet_event_id FROM projections.conversation_cuts").map {
            (try $0.decode(String.self, 0), ResponseMatcher.QuietPoint(at: try $0.decode(Date.self, 1), eventID: try $0.decode(UUID.self, 2)))
        }
        let ids = Dictionary(uniqueKeysWithValues: log.map { ($0.position, $0.eventID) })
        let urgent = try connection.query("SELECT event_id, urgent FROM projections.conversation_messages").map {
            (try $0.decode(UUID.self, 0), try $0.decode(Bool.self, 1))
        } + connection.query("SELECT p, coalesce(p = ANY(urgent), false) FROM projections.conversation_settled, unnest(positions) AS p").map {
            (ids[try $0.decode(Int64.self, 0)]!, try $0.decode(Bool.self, 1))
        }
        let stale = try connection.query("SELECT org, week_start FROM projections.response_weeks_stale").map {
            StaleWeek(org: try $0.decode(String.self, 0), start: try $0.decode(Date.self, 1))
        }
        return ResponseSnapshot(items: items, replies: replies, cuts: Dictionary(uniqueKeysWithValues: cuts),
                                urgent: Dictionary(uniqueKeysWithValues: urgent), staleWeeks: Set(stale))
    }

    func testPostgreSQLAndMemoryGiveTheSameRowsForEveryScenario() throws {
        let config = try Fixtures.config()
        let connection = try database.connect()
        let postgres = PostgresResponseRows(connection: connection, timeZone: config.timeZone)
        for scenario in ResponseBehaviour.scenarios(org: config.org) {
            for size in [scenario.events.count, 1] {
                try postgres.reset()
                try connection.execute("TRUNCATE projections.response_weeks_stale")
                try connection.transaction { try scenario.run(on: postgres, links: ConversationRoots(connection: connection), config: config, batchSize: size) }
                let stored = try snapshot(connection, log: scenario.events)
                scenario.expect(stored)
                let memory = MemoryResponseRows(timeZone: config.timeZone)
                try scenario.run(on: memory, links: MemoryConversationLinks(), config: config, batchSize: size)
                XCTAssertEqual(stored, ResponseSnapshot(memory, log: scenario.events), "\(scenario.name) in batches of \(size)")
                XCTAssertFalse(stored.items.isEmpty, "\(scenario.name): the scenario makes items")
                XCTAssertEqual(try connection.query("SELECT count(*) FROM projections.conversation_settled WHERE urgent = '{}'")[0].decode(Int.self, 0), 0,
                               "\(scenario.name) in batches of \(size): a settled conversation with none urgent keeps no array (migration 161)")
            }
        }
    }
}
