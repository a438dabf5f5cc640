import CivicPulseCore
import CivicPulseProcessor
import CivicPulseReports
import Postgres
import XCTest

/// The hand-computed answers of Tests/IntegrationTests/Fixtures/README.md.
final class DashboardTests: XCTestCase {
    var database: TestDatabase!
    var connection: Connection!
    var config: PipelineConfig!

    override func setUpWithError() throws {
        database = try TestDatabase()
        connection = try database.connect()
        config = try Fixtures.config()
        let ingestor = try Fixtures.ingestor(connection)
        _ = try ingestor.ingest(file: Fixtures.path("harbourside-tweets.json"))
        _ = try ingestor.ingest(file: Fixtures.path("harbourside-tweets-monday.json"))
        try Processor(connection: connection, config: config).catchUp()
    }

    override func tearDown() {
        connection = nil
        database?.drop()
    }

    private func dashboard(asOf: String? = nil) throws -> Dashboard {
        let period = ReportPeriod(from: CivilDate("2026-11-16"), to: CivilDate("2026-11-22"), timeZone: config.timeZone, asOf: asOf.map(utc))
        return try Dashboard.load(ResponseFilter(org: "harbourside", period: period), config: config, on: connection)
    }

    /// Reading the reach figures and the league table on a second connection changes nothing.
    func testTheDashboardReadOnTwoConnectionsIsTheDashboardReadOnOne() throws {
        let period = ReportPeriod(from: CivilDate("2026-11-16"), to: CivilDate("2026-11-22"), timeZone: config.timeZone)
        let name = database.name
        let beside = try Dashboard.load(ResponseFilter(org: "harbourside", period: period), config: config, on: connection,
                                        sideConnection: { try Connection("dbname=\(name)") })
        XCTAssertFalse(beside.leagueTable.rows.isEmpty)
        XCTAssertGreaterThan(beside.reach.total!.mentions + beside.reach.total!.replies, 0)
        XCTAssertEqual(beside, try dashboard())
    }

    func testTheWeekAsItStoodOnSundayNight() throws {
        let board = try dashboard()
        XCTAssertEqual(board.header.asOf, utc("2026-11-23T00:00:00Z"))
        let rows = Dictionary(uniqueKeysWithValues: board.rows.map { ("\($0.service!)/\($0.channel!)", $0) })
        XCTAssertEqual(Set(rows.keys), ["leisure/twitter", "unassigned/twitter", "waste/twitter"])

        let waste = rows["waste/twitter"]!
        XCTAssertEqual([waste.inbound, waste.answered, waste.withinTarget, waste.judged, waste.open], [1, 1, 1, 1, 0])
        XCTAssertEqual(waste.medianFirstResponseSeconds, 1800)

        let leisure = rows["leisure/twitter"]!
        XCTAssertEqual([leisure.inbound, leisure.answered, leisure.withinTarget, leisure.judged, leisure.open], [2, 1, 0, 2, 1],
                       "two messages before the answer are one item; the follow-up is a second")
        XCTAssertEqual(leisure.medianFirstResponseSeconds, 7800, "timed from the first of the two messages")
        XCTAssertEqual(leisure.oldestOpenAgeSeconds, 468_000, "Tue 14:00 to Mon 00:00")

        let unassigned = rows["unassigned/twitter"]!
        XCTAssertEqual([unassigned.inbound, unassigned.answered, unassigned.judged, unassigned.open], [2, 0, 1, 2],
                       "the Friday message is not due until Monday 09:45, so its outcome is not known yet")

        let total = try XCTUnwrap(board.total)
        XCTAssertEqual([total.inbound, total.answered, total.withinTarget, total.judged, total.open], [5, 2, 1, 4, 3])
        XCTAssertEqual(total.medianFirstResponseSeconds, 4800)
        XCTAssertEqual(total.p90FirstResponseSeconds!, 7200, accuracy: 0.001)
    }

    func testOnMondayMorningTheFridayMessageIsAtRiskThenLate() throws {
        let before = try dashboard(asOf: "2026-11-23T09:30:00Z").rows.first { $0.service == "unassigned" }!
        XCTAssertEqual(before.atRisk, 0, "45 of 60 working minutes used")
        let atRisk = try dashboard(asOf: "2026-11-23T09:35:00Z").rows.first { $0.service == "unassigned" }!
        XCTAssertEqual(atRisk.atRisk, 1, "50 of 60 working minutes used")

        let after = try dashboard(asOf: "2026-11-23T12:00:00Z").rows.first { $0.service == "unassigned" }!
        XCTAssertEqual([after.answered, after.withinTarget, after.judged], [1, 0, 2])
        XCTAssertEqual(after.medianFirstResponseSeconds, 235_200, "Fri 16:45 to Mon 10:05 on the wall clock")
        XCTAssertEqual(after.medianBusinessResponseSeconds, 4800, "15 working minutes on Friday and 65 on Monday")
    }

    func testItemsRecordTheRulesTheyWereJudgedBy() throws {
        let rows = try connection.query("""
            SELECT sla_target, sla_business_clock, due_at, r.calendar_version, r.policy_version
            FROM (SELECT i.*, e.source_id FROM projections.response_items i JOIN civicpulse.events e ON e.event_id = i.item_id) response_items
            JOIN projections.response_rules r USING (org, rules_id) WHERE source_id = '1003'
            """)
        XCTAssertEqual(try rows[0].decode(String.self, 0), "1 working hour")
        XCTAssertEqual(try rows[0].decode(Bool.self, 1), true)
        XCTAssertEqual(try rows[0].decode(Date.self, 2), utc("2026-11-23T09:45:00Z"))
        XCTAssertEqual(try rows[0].decode(String.self, 3), "standard office calendar v1")
        XCTAssertTrue(try rows[0].decode(String.self, 4).contains("v1"))
        XCTAssertEqual(try dashboard().header.policyVersions.count, 1)
    }

    func testTextAndJSONAgree() throws {
        let board = try dashboard()
        let text = board.text()
        XCTAssertTrue(text.contains("Harbourside Borough Council — response dashboard, 2026-11-16 to 2026-11-22"), text)
        XCTAssertTrue(text.split(separator: "\n").contains { $0.hasPrefix("All services") && $0.contains(" 5 ") && $0.contains("1h 20m") }, text)
        let json = try JSONSerialization.jsonObject(with: Data(try board.json().utf8)) as! [String: Any]
        let total = json["total"] as! [String: Any]
        XCTAssertEqual(total["inbound"] as? Int, 5)
        XCTAssertEqual(total["median_first_response_seconds"] as? Double, 4800)
    }

    /// The backlog's "Open" (not answered yet) and the resolution table's "Still open" (not
    /// resolved, answered or not) stood on one page for different counts: a trial reader took
    /// one for the other.
    func testTheUnansweredAndTheUnresolvedAreNamedApart() throws {
        let lines = try dashboard().text().split(separator: "\n")
        let headers = lines.filter { $0.hasPrefix("Service ") && $0.contains(" Channel ") }
        XCTAssertEqual(headers.count, 2, "the response table's and the resolution table's: " + lines.joined(separator: "\n"))
        XCTAssertTrue(headers[0].contains(" Unanswered ") && headers[0].contains(" Oldest unanswered"), String(headers[0]))
        XCTAssertTrue(headers[1].contains(" Unresolved"), String(headers[1]))
        XCTAssertFalse(headers.contains { $0.contains(" Open ") || $0.contains("Still open") || $0.contains("Oldest open") }, headers.joined(separator: "\n"))
    }

    func testAnEmptyWeekSaysSoInsteadOfDividingByZero() throws {
        let period = ReportPeriod(from: CivilDate("2026-10-05"), to: CivilDate("2026-10-11"), timeZone: config.timeZone)
        let board = try Dashboard.load(ResponseFilter(org: "harbourside", period: period), config: config, on: connection)
        XCTAssertNil(board.total, "unrecorded: no figures, not zeros")
        XCTAssertTrue(board.text().contains("No data before 2026-"), "a week before the demo's data is unrecorded, not quiet: " + board.text())
        XCTAssertFalse(board.text().contains("No messages from residents in this period."), board.text())
    }

    func testTheSLAReportListsBreachesOldestFirstAndWhatIsAtRisk() throws {
        let period = ReportPeriod(from: CivilDate("2026-11-16"), to: CivilDate("2026-11-22"), timeZone: config.timeZone, asOf: utc("2026-11-23T09:40:00Z"))
        let report = try SLAReport.load(ResponseFilter(org: "harbourside", period: period), config: config, on: connection)
        XCTAssertEqual(report.breaches.map(\.sourceID), ["1005", "1008", "1009"])
        XCTAssertEqual(report.breaches.map(\.status), ["breached", "open_breached", "open_breached"])
        XCTAssertEqual(report.atRisk.map(\.sourceID), ["1003"])
        XCTAssertEqual(report.backlog.map(\.open), [0, 0, 0, 1, 2, 0], "Fri 16:45 is 2d 17h old; Tue 14:00 and Wed 09:00 are 3–7 days")
        XCTAssertEqual(report.stats!.p95FirstResponseSeconds!, 7500, accuracy: 0.001)

        let leisure = try SLAReport.load(ResponseFilter(org: "harbourside", period: period, service: "leisure"), config: config, on: connection)
        XCTAssertEqual(leisure.stats?.inbound, 2)
        XCTAssertEqual(leisure.breaches.count, 2)
    }

    /// The text report reads only the rows it lists; the counts, the backlog and the order are
    /// those of the whole report.
    func testALimitedSLAReportCountsWhatItDoesNotList() throws {
        let period = ReportPeriod(from: CivilDate("2026-11-16"), to: CivilDate("2026-11-22"), timeZone: config.timeZone, asOf: utc("2026-11-23T09:40:00Z"))
        let filter = ResponseFilter(org: "harbourside", period: period)
        let full = try SLAReport.load(filter, config: config, on: connection)
        let listed = try SLAReport.load(filter, config: config, listLimit: 1, on: connection)
        XCTAssertEqual(full.breachCount, 3)
        XCTAssertEqual(listed.breachCount, 3)
        XCTAssertEqual(listed.breaches, Array(full.breaches.prefix(1)))
        XCTAssertEqual(listed.atRiskCount, full.atRisk.count)
        XCTAssertEqual(listed.backlog, full.backlog)
        XCTAssertEqual(listed.stats, full.stats)
        let text = listed.text(limit: 1)
        XCTAssertTrue(text.contains("Breaches, urgent first, then oldest: 3"), text)
        XCTAssertTrue(text.contains("… and 2 more (use --format json for all)"), text)
        XCTAssertEqual(listed.text(limit: 1), full.text(limit: 1), "listing fewer rows changes nothing shown")
        XCTAssertFalse(try SLAReport.load(filter, config: config, listLimit: 0, on: connection).text(limit: 0).contains("1005"))
    }

    /// The JSON is a contract: every key it writes is declared in the schema, and every required key is written.
    func testDashboardJSONMatchesItsPublishedSchema() throws {
        let schemaURL = Fixtures.root.appendingPathComponent("docs/schemas/dashboard.schema.json")
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as! [String: Any]
        let defs = schema["$defs"] as! [String: Any]
        func keys(_ def: String) -> (all: Set<String>, required: Set<String>) {
            let object = defs[def] as! [String: Any]
            return (Set((object["properties"] as! [String: Any]).keys), Set(object["required"] as! [String]))
        }
        let json = try JSONSerialization.jsonObject(with: Data(try dashboard().json().utf8)) as! [String: Any]
        XCTAssertEqual(Set(json.keys), Set((schema["properties"] as! [String: Any]).keys))
        let header = json["header"] as! [String: Any]
        XCTAssertTrue(Set(header.keys).isSubset(of: keys("header").all))
        XCTAssertTrue(keys("header").required.isSubset(of: Set(header.keys)))
        for row in (json["rows"] as! [[String: Any]]) + [try XCTUnwrap(json["total"] as? [String: Any])] {
            XCTAssertTrue(Set(row.keys).isSubset(of: keys("stats").all), "undeclared: \(Set(row.keys).subtracting(keys("stats").all))")
            XCTAssertEqual(Set(row.keys), keys("stats").all, "every row has every key, null where there is no figure")
        }
    }
}
