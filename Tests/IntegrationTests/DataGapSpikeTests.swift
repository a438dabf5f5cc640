import CivicPulseCore
import Foundation
import Postgres
import XCTest

/// A busy week (2026-W45), a week with no event at all (W46), then two days as busy as before:
/// the spike detector judges them against the week recorded, not against the gap's zeros,
/// which halved every weekly baseline and called ordinary hours spikes.
final class DataGapSpikeTests: DatabaseTestCase {
    /// Appends the events in one transaction, as one file's ingest, and processes them.
    private func appendAndProcess(_ events: [EngagementEvent], on connection: Connection) throws {
        try SpikeFixtures.append(events, on: connection)
        let processed = try run(["process", "-q"])
        XCTAssertEqual(processed.status, 0, processed.err)
    }

    /// Processed as a whole again (`process --rebuild`), the projections are as they were.
    private func assertARebuildAgrees(_ what: String) throws {
        let incremental = try projectionDigests(database)
        let rebuilt = try run(["process", "-q", "--rebuild"])
        XCTAssertEqual(rebuilt.status, 0, rebuilt.err)
        assertSameProjections(try projectionDigests(database), incremental, what)
    }

    func testAlertsAfterAGapJudgeAgainstTheRecordedWeeksAndARebuildAgrees() throws {
        let config = try Fixtures.config()
        let connection = try database.connect()
        try appendAndProcess(SpikeFixtures.ordinary(from: "2026-11-02", days: 7, perHour: 40, config: config), on: connection)
        try appendAndProcess(SpikeFixtures.ordinary(from: "2026-11-16", days: 2, perHour: 40, config: config), on: connection)

        let result = try run(["alerts", "-q", "--as-of", "2026-11-17T20:00", "--format", "json"])
        let alerts = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any], result.out)
        XCTAssertEqual(alerts["data_stopped"] as? Bool, false)
        let spikes = try XCTUnwrap(alerts["spikes"] as? [[String: Any]])
        XCTAssertEqual(spikes.map { "\($0["dimension"]!) \($0["value"]!) \($0["baseline"]!)" }, [], "ordinary days are no surge")
        try assertARebuildAgrees("a rebuild after a gap")
    }

    /// Late data fills the gap: two weeks of highways questions (none for waste, libraries or the
    /// rest) are ingested after the days that followed them were processed. The gap's days are
    /// now recorded, so the other services' zeros there are real and their baselines after it
    /// fall to a third, though their counts did not change: processed incrementally, the
    /// projections must be those of `process --rebuild`, which judges the log with the gap filled.
    func testLateDataFillingAGapIsJudgedAsARebuildJudgesIt() throws {
        let config = try Fixtures.config()
        let connection = try database.connect()
        try appendAndProcess(SpikeFixtures.ordinary(from: "2026-11-02", days: 7, perHour: 60, config: config), on: connection)
        try appendAndProcess(SpikeFixtures.ordinary(from: "2026-11-23", days: 2, perHour: 60, config: config), on: connection)
        try appendAndProcess((9...22).flatMap { day in
            SpikeFixtures.flood(on: String(format: "2026-11-%02d", day), hours: 0...23, perHour: 20, config: config).filter { $0.kind == .inboundMessage }
        }, on: connection)
        let untouched = try connection.query("""
            SELECT count(*) FROM projections.spikes
            WHERE dimension = 'service' AND value IN ('waste', 'libraries', 'unassigned') AND started_at >= '2026-11-23'
            """)[0].decode(Int.self, 0)
        XCTAssertGreaterThan(untouched, 0,
                             "against the recorded zeros, the busy Monday after is a surge in services the late data did not touch")
        try assertARebuildAgrees("late data that filled a gap, then a rebuild")
    }
}
