import CivicPulseCore
import CivicPulseProcessor
import Foundation
import Postgres
import XCTest

/// Spike detection for two councils in one log (docs/benchmarking.md, "Processing several
/// councils"): Harbourside's three weeks and flood (SpikeFixtures), and Seaview's same weeks with a
/// flood of its own on Thursday 19th, appended together, so that the log's transactions hold both
/// councils' events. Each council's spikes, spike events and projections must be those of the
/// council alone: its judgements wait for the end of its own events in a transaction only.
final class SpikeCouncilsTests: XCTestCase {
    var shared: TestDatabase!
    var harbourside: PipelineConfig!
    var seaview: PipelineConfig!

    override func setUpWithError() throws {
        shared = try TestDatabase()
        harbourside = try Fixtures.config()
        seaview = harbourside
        seaview.org = "seaview"
        let harbours = SpikeFixtures.ordinary(from: "2026-11-02", days: 21, config: harbourside) + SpikeFixtures.flood(config: harbourside)
        let seaviews = (SpikeFixtures.ordinary(from: "2026-11-02", days: 21, config: seaview)
            + SpikeFixtures.flood(on: "2026-11-19", hours: 12...15, config: seaview)).map(Self.seaviewOwn)
        // Four transactions, each holding both councils' events of its days, in time order.
        let together = (harbours + seaviews).sorted { ($0.occurredAt, $0.org) < ($1.occurredAt, $1.org) }
        let connection = try shared.connect()
        for part in stride(from: 0, to: together.count, by: together.count / 4 + 1) {
            try SpikeFixtures.append(Array(together[part..<min(part + together.count / 4 + 1, together.count)]), on: connection)
        }
    }

    override func tearDown() {
        shared?.drop()
    }

    /// Seaview's copy of a fixture event: its own tweet ids, so it is a message of its own.
    static func seaviewOwn(_ event: EngagementEvent) -> EngagementEvent {
        var event = event
        event.sourceID = "seaview-" + event.sourceID
        event.conversationID = event.conversationID.map { "seaview-" + $0 }
        event.parentID = event.parentID.map { "seaview-" + $0 }
        event.eventID = EventID.derive(platform: event.platform, sourceType: event.sourceType, sourceID: event.sourceID)
        return event
    }

    /// A copy of the shared log (the same pseudonyms) holding `org`'s events alone, processed with its pipeline.
    func alone(_ config: PipelineConfig) throws -> TestDatabase {
        let alone = try TestDatabase(copying: shared, keeping: config.org)
        addTeardownBlock { alone.drop() }
        try Processor(connection: try alone.connect(), config: config, batchSize: 1000).catchUp()
        return alone
    }

    func spikeEvents(_ database: TestDatabase, org: String) throws -> [String] {
        try database.connect().query("""
            SELECT kind || ' ' || source_id FROM civicpulse.events WHERE platform = 'civicpulse' AND org = \(org) ORDER BY 1
            """).map { try $0.decode(String.self, 0) }
    }

    func testEachCouncilsSpikesAreThoseOfTheCouncilAlone() throws {
        let apart = try [harbourside!, seaview!].map(alone)
        let connection = try shared.connect()
        try Processor(connection: connection, councils: Councils([harbourside, seaview]), batchSize: 997).catchUp()
        for (config, alone) in zip([harbourside!, seaview!], apart) {
            assertSameProjections(try projectionDigests(shared, org: config.org), try projectionDigests(alone, org: config.org), config.org)
            XCTAssertEqual(try spikeEvents(shared, org: config.org), try spikeEvents(alone, org: config.org), config.org)
        }
        XCTAssertEqual(try spikeEvents(shared, org: "seaview"), [
            "spike_ended seaview/all/inbound/2026-11-19T12:00:00Z/2026-11-19T16:00:00Z",
            "spike_ended seaview/service/highways/2026-11-19T12:00:00Z/2026-11-19T16:00:00Z",
            "spike_ended seaview/topic/flooding/2026-11-19T12:00:00Z/2026-11-19T16:00:00Z", "spike_started seaview/all/inbound/2026-11-19T12:00:00Z",
            "spike_started seaview/service/highways/2026-11-19T12:00:00Z", "spike_started seaview/topic/flooding/2026-11-19T12:00:00Z",
        ], "Seaview's flood, and not Harbourside's, in Seaview's own series")

        let incremental = try projectionDigests(shared)
        try Processor(connection: connection, councils: Councils([harbourside, seaview]), batchSize: 1500).rebuild()
        assertSameProjections(try projectionDigests(shared), incremental, "rebuilt in batches of 1500")
    }
}
