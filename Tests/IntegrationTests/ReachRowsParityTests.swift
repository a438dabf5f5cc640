import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres
import XCTest
@testable import CivicPulseProcessor

/// The shared reach behaviour suite (`ReachBehaviour`, which ProcessorTests runs in memory) over
/// `PostgresReachRows`: each scenario's rows hold what the suite expects, and match the rows
/// `MemoryReachRows` gives, in one batch and in batches of one event. Counts, impressions and
/// readings are compared exactly; engaged residents within the `hll` sketch's error, since
/// PostgreSQL keeps an estimate where memory keeps the exact set.
final class ReachRowsParityTests: DatabaseTestCase {
    private func snapshot(_ connection: Connection) throws -> ReachSnapshot {
        let counted = EngagementRow.counted.values.sorted()
        let days = try connection.query(Query(unsafeSQL: """
            SELECT org, service, channel, account, day::text, post_impressions, hll_cardinality(engaged_residents), \(counted.joined(separator: ", "))
            FROM projections.engagement_daily
            """)).map { row in
            let key = MemoryReachRows.DayKey(org: try row.decode(String.self, 0), service: try row.decode(String.self, 1),
                                             channel: try row.decode(String.self, 2), account: try row.decode(String.self, 3),
                                             day: CivilDate(try row.decode(String.self, 4))!)
            let counts = Dictionary(uniqueKeysWithValues: try counted.enumerated().map { ($1, try row.decode(Int.self, 7 + $0)) })
            return (key, ReachSnapshot.Day(counts: counts, postImpressions: try row.decode(Int64?.self, 5),
                                           engagedResidents: try row.decode(Double.self, 6)))
        }
        let readings = try connection.query("""
            SELECT org, service, channel, account, metric, period, day::text, value, source_metric, source_rank, observed_at, log_position
            FROM projections.account_metrics_daily
            """).map { row in
            let reading = MetricReadingRow(
                org: try row.decode(String.self, 0), service: try row.decode(String.self, 1), channel: try row.decode(String.self, 2),
                account: try row.decode(String.self, 3), metric: try row.decode(String.self, 4), period: try row.decode(String.self, 5),
                day: CivilDate(try row.decode(String.self, 6))!, value: try row.decode(Double.self, 7),
                sourceMetric: try row.decode(String.self, 8), sourceRank: try row.decode(Int.self, 9),
                observedAt: try row.decode(Date.self, 10), position: try row.decode(Int64.self, 11))
            let day = MemoryReachRows.DayKey(org: reading.org, service: reading.service, channel: reading.channel, account: reading.account, day: reading.day)
            return (MemoryReachRows.ReadingKey(day: day, metric: reading.metric, period: reading.period), ReachSnapshot.Reading(reading))
        }
        let zones = try connection.query("SELECT org, time_zone FROM projections.org_settings").map {
            (try $0.decode(String.self, 0), try $0.decode(String.self, 1))
        }
        return ReachSnapshot(days: Dictionary(uniqueKeysWithValues: days), readings: Dictionary(uniqueKeysWithValues: readings),
                             timeZones: Dictionary(uniqueKeysWithValues: zones))
    }

    func testPostgreSQLAndMemoryGiveTheSameRowsForEveryScenario() throws {
        let config = try Fixtures.config()
        let connection = try database.connect()
        let postgres = PostgresReachRows(connection: connection)
        for scenario in ReachBehaviour.scenarios(org: config.org) {
            for size in [scenario.events.count, 1] {
                try postgres.reset()
                try connection.transaction { try scenario.run(on: postgres, config: config, batchSize: size) }
                let stored = try snapshot(connection)
                scenario.expect(stored)
                let memory = MemoryReachRows()
                try scenario.run(on: memory, config: config, batchSize: size)
                XCTAssertTrue(stored.matches(ReachSnapshot(memory)), "\(scenario.name) in batches of \(size):\n\(stored)\nagainst\n\(ReachSnapshot(memory))")
                XCTAssertFalse(stored.days.isEmpty && stored.readings.isEmpty, "\(scenario.name): the scenario makes rows")
            }
        }
    }
}
