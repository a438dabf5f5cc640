import CivicPulseCore
import Foundation
import XCTest

/// `alerts` and `incident` when the data stops while a spike is open: two ordinary weeks and a
/// half, then the flood of SpikeFixtures on Saturday 21 November, and nothing after 16:57. No
/// hour after the flood ever closes, so the spikes stay open in the projections for good.
final class DataStoppedTests: DatabaseTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        let config = try Fixtures.config()
        try SpikeFixtures.append(SpikeFixtures.ordinary(from: "2026-11-02", days: 19, config: config) + SpikeFixtures.flood(config: config),
                                 on: try database.connect())
        let processed = try run(["process", "-q"])
        XCTAssertEqual(processed.status, 0, processed.err)
    }

    private func json(_ output: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }

    func testWeeksAfterTheDataStoppedAlertsSaySoInsteadOfASpikeUnderWay() throws {
        let text = try run(["alerts", "-q", "--as-of", "2026-12-03T09:00"])
        XCTAssertEqual(text.status, 2, "no data for 12 days is itself cause to act")
        XCTAssertTrue(text.out.contains("No data has arrived since Sat 21 Nov 16:57, none in the 1d before: the feeds or `civicpulse process` may be down."), text.out)
        XCTAssertTrue(text.out.contains("Spikes now: unknown, for want of data"), text.out)
        XCTAssertTrue(text.out.contains("Spikes open when the data stopped (whether they go on is unknown): 3"), text.out)
        XCTAssertFalse(text.out.contains("Spikes now: 3"), text.out)

        let alerts = try json(try run(["alerts", "-q", "--as-of", "2026-12-03T09:00", "--format", "json"]).out)
        XCTAssertEqual(alerts["status"] as? String, "act")
        XCTAssertEqual(alerts["data_stopped"] as? Bool, true)
        XCTAssertEqual(alerts["data_expected_since"] as? String, "2026-12-02T09:00:00Z", "a day before the as-of instant by default")
        XCTAssertEqual((alerts["spikes"] as? [Any])?.count, 0, "none is known to be under way now")
        let open = try XCTUnwrap(alerts["spikes_when_data_stopped"] as? [[String: Any]])
        XCTAssertEqual(open.map { "\($0["dimension"]!) \($0["value"]!)" }, ["all inbound", "service highways", "topic flooding"])
        XCTAssertEqual(open.last?["current_hour_count"] as? Int, 60, "the flood's last hour, not the empty hour of the as-of instant")
    }

    func testWhileTheDataIsRecentEnoughTheSpikesAreUnderWay() throws {
        let late = try run(["alerts", "-q", "--as-of", "2026-11-21T18:30", "--data-within", "2h", "--format", "json"])
        XCTAssertEqual(late.status, 2, late.err)
        let alerts = try json(late.out)
        XCTAssertEqual(alerts["data_stopped"] as? Bool, false)
        XCTAssertEqual((alerts["spikes"] as? [Any])?.count, 3)
    }

    func testDataStoppedAloneIsCauseToAct() throws {
        let before = ["alerts", "-q", "--as-of", "2026-11-21T09:00", "--urgent-within", "1m"]
        XCTAssertEqual(try run(before + ["--data-within", "1h"]).status, 0, "before the flood, with the data flowing, all is quiet")
        try database.connect().execute("UPDATE projections.spike_detector SET watermark = '2026-11-21T06:00:00Z'")
        let stopped = try run(before + ["--data-within", "1h"])
        XCTAssertEqual(stopped.status, 2, stopped.out)
        XCTAssertTrue(stopped.out.contains("No data has arrived since Sat 21 Nov 06:00, none in the 1h before"), stopped.out)
        XCTAssertTrue(stopped.out.contains("Spikes now: unknown, for want of data"), stopped.out)
        XCTAssertEqual(try run(before + ["--data-within", "4h"]).status, 0, "a longer wait for data is allowed for")
        XCTAssertEqual(try run(before).status, 0, "by default a quiet three hours is not a stopped feed: a day is")
    }

    /// A week wholly after the data has no figures in the league table, so no change against
    /// the week before: zeros read as every service falling to nothing.
    func testTheLeagueTableOfAWeekAfterTheDataIsUnknownNotAFall() throws {
        let after = try json(try run(["reach", "-q", "--week", "2026-W48", "--format", "json"]).out)
        let rows = try XCTUnwrap((after["league_table"] as? [String: Any])?["rows"] as? [[String: Any]])
        let total = try XCTUnwrap(rows.last)
        let items = try XCTUnwrap(total["items"] as? [String: Any])
        XCTAssertTrue(items["current"] is NSNull, "\(items)")
        XCTAssertTrue(items["change"] is NSNull, "\(items)")
        XCTAssertGreaterThan(items["previous"] as? Int ?? 0, 0, "the week before is known: \(items)")
        for row in rows {
            for figure in ["reach", "engaged_residents", "engagement_rate", "items", "response_rate", "median_response_seconds"] {
                XCTAssertTrue((row[figure] as? [String: Any])?["change"] is NSNull, "\(row["service"] ?? "total") \(figure): \(row)")
            }
        }
        let text = try run(["dashboard", "-q", "--from", "2026-11-23", "--to", "2026-11-29"])
        let league = try XCTUnwrap(text.out.components(separatedBy: "Service league table").last)
        XCTAssertFalse(league.contains("−"), "no fall: " + league)

        let during = try json(try run(["reach", "-q", "--week", "2026-W47", "--format", "json"]).out)
        let known = try XCTUnwrap(((during["league_table"] as? [String: Any])?["rows"] as? [[String: Any]])?.last?["items"] as? [String: Any])
        XCTAssertGreaterThan(known["current"] as? Int ?? 0, 0, "a week with data keeps its figures: \(known)")
    }

    /// A week wholly before the data starts (Monday 2 November) was not recorded: every report
    /// says so instead of "no messages", and its league table has no figures, not zeros.
    func testAWeekBeforeTheDataIsUnrecordedNotQuiet() throws {
        let week = ["--from", "2026-10-26", "--to", "2026-11-01"]
        let note = "No data before 2026-11-02: the period was not recorded, so its figures are unknown, not zero."
        for report in ["dashboard", "sla", "reach"] {
            let text = try run([report, "-q"] + week)
            XCTAssertEqual(text.status, 0, text.err)
            XCTAssertTrue(text.out.contains(note), "\(report): \(text.out)")
            XCTAssertFalse(text.out.contains("No messages from residents"), "\(report): \(text.out)")
            let header = try XCTUnwrap(try json(try run([report, "-q", "--format", "json"] + week).out)["header"] as? [String: Any], report)
            XCTAssertEqual(header["before_data"] as? Bool, true, "\(report): \(header)")
        }
        let reach = try json(try run(["reach", "-q", "--week", "2026-W44", "--format", "json"]).out)
        let total = try XCTUnwrap(((reach["league_table"] as? [String: Any])?["rows"] as? [[String: Any]])?.last)
        for figure in ["reach", "engaged_residents", "items"] {
            XCTAssertTrue((total[figure] as? [String: Any])?["current"] is NSNull, "\(figure): \(total)")
        }

        let summary = try run(["summary", "-q", "--week", "2026-W44"]).out.replacingOccurrences(of: "\n", with: " ")
        XCTAssertTrue(summary.contains(note), summary)
        XCTAssertTrue(summary.contains("No figures for 2026-W44: the data starts 2026-11-02, so the week was not recorded"), summary)
        XCTAssertFalse(summary.contains("nothing to report"), summary)

        let during = try json(try run(["dashboard", "-q", "--from", "2026-11-02", "--to", "2026-11-08", "--format", "json"]).out)
        XCTAssertEqual((during["header"] as? [String: Any])?["before_data"] as? Bool, false, "the first week of data is recorded")
    }

    func testTheIncidentOfASpikeStillOpenEndsWhereTheDataEnds() throws {
        let alerts = try json(try run(["alerts", "-q", "--as-of", "2026-12-03T09:00", "--format", "json"]).out)
        let id = try XCTUnwrap((alerts["spikes_when_data_stopped"] as? [[String: Any]])?.last?["spike_id"] as? String)

        let text = try run(["incident", "-q", "--spike", String(id.prefix(8)), "--as-of", "2026-12-03T09:00"])
        XCTAssertEqual(text.status, 0, text.err)
        XCTAssertTrue(text.out.contains("incident report, Sat 21 Nov 10:00 to Sat 21 Nov 17:00"), text.out)
        XCTAssertTrue(text.out.contains("The timeline ends at Sat 21 Nov 17:00: no messages have been processed after Sat 21 Nov 16:57."), text.out)
        XCTAssertTrue(text.out.contains("topic flooding from Sat 21 Nov 10:00, open when the data stopped"), text.out)
        XCTAssertFalse(text.out.contains("Sun 22 Nov 00:00"), "no hours of zeros after the data")

        let incident = try json(try run(["incident", "-q", "--spike", String(id.prefix(8)), "--as-of", "2026-12-03T09:00", "--format", "json"]).out)
        XCTAssertEqual((incident["timeline"] as? [Any])?.count, 7)
        XCTAssertEqual(incident["ends_at_data"] as? Bool, true)
        XCTAssertEqual(incident["inbound_sparkline"] as? String, "███████")
    }

    func testLongPeriodsKeepTheSparklineOnOneLine() throws {
        let result = try run(["incident", "-q", "--from", "2026-11-02", "--to", "2026-11-21", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.err)
        let incident = try json(result.out)
        XCTAssertEqual((incident["timeline"] as? [Any])?.count, 473, "from 2 November to the end of the data at 17:00 on the 21st")
        XCTAssertEqual(incident["sparkline_hours"] as? Int, 7)
        XCTAssertEqual((incident["inbound_sparkline"] as? String)?.count, 68)
    }

    func testAPeriodAfterTheDataIsABadArgument() throws {
        let result = try run(["incident", "-q", "--from", "2026-11-25", "--to", "2026-11-26"])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(result.err, "Error: no messages have been processed after Sat 21 Nov 16:57, before the period starts\n")
    }
}
