import CivicPulseCore
import CivicPulseProcessor
import CivicPulseReports
import XCTest

/// The summary's listening section names what spiked, so three spikes in one hour read as the
/// flood in three series, not as one time printed three times.
final class SummarySpikeTests: DatabaseTestCase {
    func testTheSummaryNamesEachSeriesThatSpiked() throws {
        let connection = try database.connect()
        let config = try Fixtures.config()
        try SpikeFixtures.append(SpikeFixtures.ordinary(from: "2026-11-02", days: 21, config: config) + SpikeFixtures.flood(config: config),
                                 on: connection)
        try Processor(connection: connection, config: config, batchSize: 5000).catchUp()
        let summary = try WeeklySummary.load(week: ISOWeek("2026-W47")!, config: config, on: connection)

        XCTAssertEqual(summary.listening.detectedSpikes.map(\.series), ["all inbound", "service highways", "topic flooding"])
        XCTAssertTrue(summary.text().contains("Spikes detected: all inbound, service highways, topic flooding from Sat 21 Nov\n10:00."),
                      summary.text())
        XCTAssertTrue(summary.markdown().contains("Spikes detected: all inbound, service highways, topic flooding from Sat 21 Nov 10:00."))
        let json = try JSONSerialization.jsonObject(with: Data(try summary.json().utf8)) as! [String: Any]
        let spikes = (json["listening"] as! [String: Any])["detected_spikes"] as! [[String: Any]]
        XCTAssertEqual(spikes.map { "\($0["dimension"]!) \($0["value"]!) \($0["started_at"]!)" }, [
            "all inbound 2026-11-21T10:00:00Z", "service highways 2026-11-21T10:00:00Z", "topic flooding 2026-11-21T10:00:00Z",
        ])
    }
}
