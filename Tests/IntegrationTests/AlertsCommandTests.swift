import CivicPulseCore
import Foundation
import XCTest

/// `civicpulse alerts` and `civicpulse incident` as cron or a duty officer runs them: output and
/// exit status, on the ordinary weeks and the flood of SpikeFixtures.
final class AlertsCommandTests: DatabaseTestCase {
    private func load(flood: Bool) throws {
        let config = try Fixtures.config()
        let connection = try database.connect()
        try SpikeFixtures.append(SpikeFixtures.ordinary(from: "2026-11-02", days: 21, config: config)
            + (flood ? SpikeFixtures.flood(config: config) : []), on: connection)
        let processed = try run(["process", "-q"])
        XCTAssertEqual(processed.status, 0, processed.err)
    }

    func testAnOrdinaryWeekIsQuietAndExitsZero() throws {
        try load(flood: false)
        let alerts = try run(["alerts", "-q", "--as-of", "2026-11-18T12:00"])
        XCTAssertEqual(alerts.status, 0, alerts.out + alerts.err)
        XCTAssertTrue(alerts.out.contains("alerts as of Wed 18 Nov 12:00 (Europe/London): all quiet"), alerts.out)
        XCTAssertTrue(alerts.out.contains("Spikes now: none"), alerts.out)
    }

    func testDuringTheFloodSomeoneMustActAndTheExitStatusIsTwo() throws {
        try load(flood: true)
        let alerts = try run(["alerts", "-q", "--as-of", "2026-11-21T12:30", "--format", "json"])
        XCTAssertEqual(alerts.status, 2, alerts.err)
        let json = try JSONSerialization.jsonObject(with: Data(alerts.out.utf8)) as! [String: Any]
        XCTAssertEqual(json["status"] as? String, "act")
        let spikes = json["spikes"] as! [[String: Any]]
        XCTAssertEqual(spikes.map { "\($0["dimension"]!) \($0["value"]!)" }, ["all inbound", "service highways", "topic flooding"])
        XCTAssertEqual(spikes.last?["current_hour_count"] as? Int, 60, "the hour's flood messages as the log holds them")
        XCTAssertEqual((json["urgent_open"] as! [Any]).count, 76, "every sandbag question from 10:00 to 12:30")
        let breaches = json["breaches"] as! [[String: Any]]
        XCTAssertEqual(breaches.count, 30, "urgent questions from 10:30 to 11:29 passed their hour in the last hour")
        XCTAssertEqual(Set(breaches.map { $0["priority"] as! String }), ["urgent"])

        let text = try run(["alerts", "-q", "--as-of", "2026-11-21T12:30"])
        XCTAssertEqual(text.status, 2)
        XCTAssertTrue(text.out.contains("ACT (exit status 2)"), text.out)
        XCTAssertTrue(text.out.contains("Spikes now: 3"), text.out)
        let id = try XCTUnwrap(spikes.last?["spike_id"] as? String)

        let incident = try run(["incident", "-q", "--spike", String(id.prefix(8)), "--as-of", "2026-11-23T09:00"])
        XCTAssertEqual(incident.status, 0, incident.err)
        XCTAssertTrue(incident.out.contains("topic flooding from Sat 21 Nov 10:00, back to normal from Sat 21 Nov 17:00"), incident.out)
        XCTAssertTrue(incident.out.contains("Unanswered urgent items: 210"), incident.out)
    }

    func testTheDayAfterOnlyTheWindowsDecideWhetherToPage() throws {
        try load(flood: true)
        let sunday = try run(["alerts", "-q", "--as-of", "2026-11-22T09:00"])
        XCTAssertEqual(sunday.status, 2, "yesterday's sandbag questions are still unanswered")
        XCTAssertTrue(sunday.out.contains("Spikes now: none"), sunday.out)
        XCTAssertTrue(sunday.out.contains("Urgent items unanswered (opened since Sat 21 Nov 09:00): 210"), sunday.out)
        let narrow = try run(["alerts", "-q", "--as-of", "2026-11-22T09:00", "--urgent-within", "2h", "--since", "30m"])
        XCTAssertEqual(narrow.status, 0, narrow.out)
    }

    func testAtItsDeadlineAnItemIsAtRiskAndJustAfterItIsABreach() throws {
        try load(flood: true)
        func breaches(_ asOf: String) throws -> [String] {
            let result = try run(["alerts", "-q", "--as-of", asOf, "--since", "1m", "--format", "json"])
            let json = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as! [String: Any]
            return (json["breaches"] as! [[String: Any]]).map { $0["platform_id"] as! String }
        }
        XCTAssertEqual(try breaches("2026-11-21T11:00:00Z"), [], "the first sandbag question is due at 11:00")
        XCTAssertEqual(try breaches("2026-11-21T11:00:30Z"), ["flood-2026-11-21-10-0"])
    }

    /// A system that never received anything is not quiet: a monitor must see it, as it sees
    /// data that stopped, with what to run.
    func testNothingIngestedOrProcessedYetIsCauseToAct() throws {
        let nothing = try run(["alerts", "-q"])
        XCTAssertEqual(nothing.status, 2, nothing.err)
        XCTAssertTrue(nothing.out.contains(": ACT (exit status 2)\nNothing ingested yet: `civicpulse ingest FILE` or `civicpulse fetch` "
            + "takes the council's messages in, then `civicpulse process`.\n"), nothing.out)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try run(["alerts", "-q", "--format", "json"]).out.utf8)) as? [String: Any])
        XCTAssertEqual(json["status"] as? String, "act")
        XCTAssertEqual(json["data_stopped"] as? Bool, true)
        XCTAssertTrue(json["data_until"] is NSNull)

        try SpikeFixtures.append(SpikeFixtures.ordinary(from: "2026-11-16", days: 1, config: try Fixtures.config()), on: try database.connect())
        let unprocessed = try run(["alerts", "-q"])
        XCTAssertEqual(unprocessed.status, 2, unprocessed.err)
        XCTAssertTrue(unprocessed.out.contains(": ACT (exit status 2)\nNo messages processed yet: run `civicpulse process`.\n"), unprocessed.out)
    }

    func testBadArgumentsAreErrorsNotAlerts() throws {
        let duration = try run(["alerts", "-q", "--since", "an hour"])
        XCTAssertNotEqual(duration.status, 0)
        XCTAssertNotEqual(duration.status, 2, "a typo must not page anyone")
        XCTAssertTrue(duration.err.contains("--since 'an hour' is not a duration"), duration.err)
        let time = try run(["alerts", "-q", "--as-of", "yesterday"])
        XCTAssertEqual(time.status, 64)
        XCTAssertTrue(time.err.contains("--as-of 'yesterday' is not a time"), time.err)
        let both = try run(["incident", "-q", "--spike", "abcd1234", "--from", "2026-11-21"])
        XCTAssertTrue(both.err.contains("give either --spike or --from and --to, not both"), both.err)
        let unknown = try run(["incident", "-q", "--spike", "abcd1234"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertEqual(unknown.err, "Error: no single spike has the id 'abcd1234' (see `civicpulse alerts` or `incident --from … --to …`)\n",
                       "the error alone, without the top command's usage")
        let negative = try run(["alerts", "-q", "--since", "-5m"])
        XCTAssertEqual(negative.status, 64)
        XCTAssertTrue(negative.err.contains("--since '-5m' is negative: durations count back from --as-of (write e.g. 5m)"), negative.err)
    }

    func testADayAsToIncludesTheWholeDayAndATimeStaysExact() throws {
        try load(flood: true)
        func end(_ to: String) throws -> String? {
            let result = try run(["incident", "-q", "--from", "2026-11-21T06:00", "--to", to, "--format", "json"])
            XCTAssertEqual(result.status, 0, result.err)
            return (try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])?["to"] as? String
        }
        XCTAssertEqual(try end("2026-11-22"), "2026-11-23T00:00:00Z", "Sunday included, as dashboard --to reads a day")
        XCTAssertEqual(try end("2026-11-22T00:00"), "2026-11-22T00:00:00Z")
    }
}
