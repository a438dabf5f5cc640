import CivicPulseCore
import Foundation
import Postgres
import XCTest

/// Live data and a late export that fills a gap before it, committed one after the other: the
/// spike events appended must be those found after each transaction, whether the processor took
/// the two in one batch or in two.
final class DataGapBatchTests: DatabaseTestCase {
    private func spikeEvents(_ connection: Connection) throws -> [String] {
        try connection.query("""
            SELECT kind || ' ' || occurred_at::text || ' ' || details::text FROM civicpulse.events
            WHERE kind IN ('spike_started', 'spike_ended') ORDER BY 1
            """).map { try $0.decode(String.self, 0) }
    }

    func testLiveDataAndALateExportFillingAGapAppendTheSameSpikeEventsInOneBatchAsInTwo() throws {
        let config = try Fixtures.config()
        try SpikeFixtures.append(SpikeFixtures.ordinary(from: "2026-11-02", days: 7, perHour: 60, config: config), on: try database.connect())
        XCTAssertEqual(try run(["process", "-q"]).status, 0)
        let together = try TestDatabase(copying: database)
        defer { together.drop() }
        let connection = try database.connect()

        let live = SpikeFixtures.ordinary(from: "2026-11-23", days: 2, perHour: 60, config: config)
        let late = (9...22).flatMap { day in
            SpikeFixtures.flood(on: String(format: "2026-11-%02d", day), hours: 0...23, perHour: 20, config: config).filter { $0.kind == .inboundMessage }
        }
        // One at a time: the live days are judged against the gap, then the late export refills it.
        try SpikeFixtures.append(live, on: connection)
        XCTAssertEqual(try run(["process", "-q"]).status, 0)
        try SpikeFixtures.append(late, on: connection)
        XCTAssertEqual(try run(["process", "-q"]).status, 0)
        // Both committed before the processor looks.
        let other = try together.connect()
        try SpikeFixtures.append(live, on: other)
        try SpikeFixtures.append(late, on: other)
        _ = try together.civicpulse(["process", "-q"])

        let separate = try spikeEvents(connection)
        XCTAssertFalse(separate.isEmpty, "the live days were judged against the gap, then against the recorded zeros")
        let inOneBatch = try spikeEvents(other)
        XCTAssertEqual(inOneBatch, separate, "only in one batch: \(Set(inOneBatch).subtracting(separate).sorted()); only in two: \(Set(separate).subtracting(inOneBatch).sorted())")
        XCTAssertEqual(try SpikeFixtures.snapshot(other), try SpikeFixtures.snapshot(connection))
    }
}
