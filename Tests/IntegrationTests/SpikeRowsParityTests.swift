import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres
import XCTest
@testable import CivicPulseProcessor

/// The shared spike behaviour suite (`SpikeBehaviour`, which ProcessorTests runs in memory) over
/// `PostgresSpikeRows`, with the response and reach rows in PostgreSQL too: each scenario's rows
/// hold what the suite expects, and equal the rows and statements the in-memory read model gives.
/// The events are not in this database's log, so neither side sees a transaction go on past a
/// batch: the in-memory one is given no log either. Each scenario starts from empty projections
/// and compares the statements it appended itself.
final class SpikeRowsParityTests: DatabaseTestCase {
    private func snapshot(_ connection: Connection, org: String, statementsAfter position: Int64, log: [LoggedEvent]) throws -> SpikeSnapshot {
        let keys = try connection.query("SELECT DISTINCT dimension, value FROM projections.hourly_counts").map {
            SpikeSeriesKey(dimension: try $0.decode(String.self, 0), value: try $0.decode(String.self, 1))
        }
        let spikes = try PostgresSpikeRows(connection: connection).spikes(org: org, keys: keys)
        let statements = try connection.query("""
            SELECT kind || ' ' || source_id FROM civicpulse.events WHERE platform = 'civicpulse' AND position > \(position)
            """)
            .map { try $0.decode(String.self, 0) }
        let counted = try connection.query("SELECT dimension, value, sum(count)::bigint FROM projections.hourly_counts GROUP BY 1, 2").map {
            (SpikeSeriesKey(dimension: try $0.decode(String.self, 0), value: try $0.decode(String.self, 1)).description, try $0.decode(Int.self, 2))
        }
        let ids = Dictionary(uniqueKeysWithValues: log.map { ($0.position, $0.eventID) })
        let urgent = try connection.query("SELECT event_id FROM projections.conversation_messages WHERE urgent").map { try $0.decode(UUID.self, 0) }
            + connection.query("SELECT unnest(urgent) FROM projections.conversation_settled").map { ids[try $0.decode(Int64.self, 0)]! }
        return SpikeSnapshot(spikes: Dictionary(uniqueKeysWithValues: spikes.map { ($0.key.description, $0.value) }),
                             statements: Set(statements), counted: Dictionary(uniqueKeysWithValues: counted), urgent: Set(urgent))
    }

    /// The projections over PostgreSQL, but for settled messages, read again from `log` (this
    /// database's log does not hold the events).
    private func projections(_ connection: Connection, config: PipelineConfig, log: [LoggedEvent]) -> BatchProjections {
        let responses = ResponseProjection(rows: PostgresResponseRows(connection: connection, timeZone: config.timeZone),
                                           links: ConversationRoots(connection: connection), log: MemoryMessageLog(events: log), config: config)
        return BatchProjections(
            responses: responses, reach: ReachProjection(connection: connection, config: config),
            spikes: SpikeProjection(rows: PostgresSpikeRows(connection: connection), responses: responses, config: config, processedEnd: { nil }),
            youTube: YouTubeProjection(connection: connection, config: config),
            businessClocks: BusinessClockProjection(connection: connection, config: config))
    }

    func testPostgreSQLAndMemoryGiveTheSameRowsForEveryScenario() throws {
        let config = try Fixtures.config()
        let connection = try database.connect()
        for scenario in SpikeBehaviour.scenarios(org: config.org) {
            let logged = try connection.query("SELECT coalesce(max(position), 0) FROM civicpulse.events")[0].decode(Int64.self, 0)
            try connection.transaction {
                try PostgresSpikeRows(connection: connection).reset()
                try PostgresReachRows(connection: connection).reset()
                try PostgresResponseRows(connection: connection, timeZone: config.timeZone).reset()
                try scenario.run(on: projections(connection, config: config, log: scenario.events), batchSize: 500)
            }
            let stored = try snapshot(connection, org: config.org, statementsAfter: logged, log: scenario.events)
            scenario.expect(stored)
            // The urgency message_topics keeps is its conversation message's, once spikes moved it too.
            XCTAssertEqual(try connection.query("""
                SELECT count(*) FROM projections.message_topics t
                LEFT JOIN projections.conversation_messages c USING (log_position)
                LEFT JOIN LATERAL (SELECT coalesce(t.log_position = ANY(s.urgent), false) AS urgent FROM projections.conversation_settled s
                                   WHERE s.positions @> ARRAY[t.log_position]) s ON true
                WHERE t.urgent <> coalesce(c.urgent, s.urgent)
                """)[0].decode(Int.self, 0), 0, scenario.name)
            let memory = MemoryReadModel(config: config, log: scenario.events, transactionsSeen: false)
            try scenario.run(on: memory.projections, batchSize: 500)
            XCTAssertEqual(stored, try memory.snapshot(org: config.org), scenario.name)
        }
    }
}
