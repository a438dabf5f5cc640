import CivicPulseCore
import Foundation
import XCTest

/// A busy week (2026-W45), a week with no event at all (W46), then two days as busy as before:
/// the spike detector judges them against the week recorded, not against the gap's zeros,
/// which halved every weekly baseline and called ordinary hours spikes.
final class DataGapSpikeTests: DatabaseTestCase {
    func testAlertsAfterAGapJudgeAgainstTheRecordedWeeksAndARebuildAgrees() throws {
        let config = try Fixtures.config()
        let connection = try database.connect()
        try SpikeFixtures.append(SpikeFixtures.ordinary(from: "2026-11-02", days: 7, perHour: 40, config: config), on: connection)
        XCTAssertEqual(try run(["process", "-q"]).status, 0)
        try SpikeFixtures.append(SpikeFixtures.ordinary(from: "2026-11-16", days: 2, perHour: 40, config: config), on: connection)
        let processed = try run(["process", "-q"])
        XCTAssertEqual(processed.status, 0, processed.err)

        let result = try run(["alerts", "-q", "--as-of", "2026-11-17T20:00", "--format", "json"])
        let alerts = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any], result.out)
        XCTAssertEqual(alerts["data_stopped"] as? Bool, false)
        let spikes = try XCTUnwrap(alerts["spikes"] as? [[String: Any]])
        XCTAssertEqual(spikes.map { "\($0["dimension"]!) \($0["value"]!) \($0["baseline"]!)" }, [], "ordinary days are no surge")

        let incremental = try projectionDigests(database)
        let rebuilt = try run(["process", "-q", "--rebuild"])
        XCTAssertEqual(rebuilt.status, 0, rebuilt.err)
        assertSameProjections(try projectionDigests(database), incremental, "a rebuild after a gap")
    }
}
