import CivicPulseCore
import CivicPulseProcessor
import CivicPulseReports
import Postgres
import XCTest

/// The league table in `civicpulse reach` and the dashboard, as text and JSON, and held equal to
/// analytics.league_table.
final class ReachReportTests: XCTestCase {
    var database: TestDatabase!
    var connection: Connection!
    var config: PipelineConfig!

    override func setUpWithError() throws {
        database = try TestDatabase()
        connection = try database.connect()
        config = try ReachFixtures.config()
        var events = ReachProjectionTests.week()
        // The week before: less reach, fewer residents; leisure answered dan in 30 minutes this week.
        for day in 0..<7 {
            events.append(ReachFixtures.insight("libraries_facebook", "page_impressions_unique", period: "week", value: 300, endTime: "2026-11-\(10 + day)T08:00:00Z"))
        }
        events.append(ReachFixtures.engagement(.comment, "libraries_facebook", resident: "ann", at: "2026-11-10T10:00:00Z", id: "old1"))
        var answer = ReachFixtures.engagement(.reply, "leisure_twitter", resident: nil, at: "2026-11-18T10:00:00Z", id: "t4", fromOrg: true)
        answer.conversationID = "t2"
        events.append(answer)
        try ReachFixtures.append(events, on: connection)
        try Processor(connection: connection, config: config).catchUp()
    }

    override func tearDown() {
        connection = nil
        database?.drop()
    }

    private var week: ReportPeriod {
        let week = ISOWeek("2026-W47")!
        return ReportPeriod(from: week.monday, to: week.sunday, timeZone: config.timeZone)
    }

    func testTheLeagueTableComparesEachServiceWithTheWeekBefore() throws {
        let league = try LeagueTable.load(org: "harbourside", period: week, service: nil, on: connection)
        XCTAssertEqual([league.previous.from, league.previous.to], ["2026-11-09", "2026-11-15"])
        XCTAssertEqual(league.rows.map(\.service), ["leisure", "libraries", nil], "most engaged residents first (a tie by name), the total last")
        let libraries = league.rows[1]
        XCTAssertEqual([libraries.reach.current, libraries.reach.previous, libraries.reach.change], [520, 300, 220])
        XCTAssertEqual([libraries.engagedResidents.current, libraries.engagedResidents.previous, libraries.engagedResidents.change], [3, 1, 2])
        XCTAssertEqual([libraries.items.current, libraries.items.previous], [2, 1])
        XCTAssertEqual(libraries.responseRate.current, 0)
        let leisure = league.rows[0]
        XCTAssertEqual(leisure.responseRate.current, 1)
        XCTAssertEqual(leisure.medianResponseSeconds.current, 1800)
        XCTAssertNil(leisure.medianResponseSeconds.change, "no answers the week before: no change to state")
        XCTAssertNil(leisure.reach.current, "Twitter reports no reach")
    }

    func testTheLeagueTableEqualsTheAnalystsView() throws {
        let league = try LeagueTable.load(org: "harbourside", period: week, service: nil, on: connection)
        let view = try connection.query("""
            SELECT service, reach, engaged_residents, engagement_rate, items, response_rate, median_response_seconds,
                   reach_change, engaged_residents_change, response_rate_change
            FROM analytics.league_table WHERE iso_week = '2026-W47'
            """)
        XCTAssertEqual(view.count, league.rows.count - 1)
        for row in view {
            let service = try row.decode(String.self, "service")
            let mine = try XCTUnwrap(league.rows.first { $0.service == service })
            XCTAssertEqual(mine.reach.current, try row.decode(Int?.self, "reach"), service)
            XCTAssertEqual(mine.engagedResidents.current, try row.decode(Int.self, "engaged_residents"), service)
            XCTAssertEqual(mine.engagementRate.current, try row.decode(Double?.self, "engagement_rate"), service)
            XCTAssertEqual(mine.items.current, try row.decode(Int.self, "items"), service)
            XCTAssertEqual(mine.responseRate.current, try row.decode(Double?.self, "response_rate"), service)
            XCTAssertEqual(mine.medianResponseSeconds.current, try row.decode(Double?.self, "median_response_seconds"), service)
            XCTAssertEqual(mine.reach.change, try row.decode(Int?.self, "reach_change"), service)
            XCTAssertEqual(mine.engagedResidents.change, try row.decode(Int?.self, "engaged_residents_change"), service)
        }
    }

    func testTheReachReportAndTheDashboardCarryTheLeagueTableInTextAndJSON() throws {
        let report = try ReachReport.load(org: "harbourside", period: week, service: nil, config: config, on: connection)
        let text = report.text()
        XCTAssertTrue(text.contains("Service league table: 2026-11-16 to 2026-11-22 against 2026-11-09 to 2026-11-15"), text)
        XCTAssertTrue(text.split(separator: "\n").contains { $0.hasPrefix("libraries") && $0.contains("520") && $0.contains("+220") }, text)
        XCTAssertTrue(text.contains("±2.3%"), text)
        let json = try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as! [String: Any]
        XCTAssertEqual(json["iso_week"] as? String, "2026-W47")
        let rows = (json["league_table"] as! [String: Any])["rows"] as! [[String: Any]]
        XCTAssertEqual((rows[1]["reach"] as! [String: Any])["change"] as? Int, 220)
        // The same keys in every row and every change, null where there is no figure: a machine
        // reading the table must not find keys come and go with the data.
        XCTAssertEqual(Set(rows.map { $0.keys.sorted() }).count, 1, "\(rows.map { $0.keys.sorted() })")
        XCTAssertEqual(Set(rows.flatMap { $0.values.compactMap { ($0 as? [String: Any])?.keys.sorted() } }), [["change", "current", "previous"]])

        let dashboard = try Dashboard.load(ResponseFilter(org: "harbourside", period: week), config: config, on: connection)
        XCTAssertTrue(dashboard.text().contains("Service league table"), dashboard.text())
        let board = try JSONSerialization.jsonObject(with: Data(try dashboard.json().utf8)) as! [String: Any]
        XCTAssertEqual(((board["league_table"] as! [String: Any])["rows"] as! [[String: Any]]).count, 3)
        XCTAssertEqual((board["reach"] as! [String: Any])["reach_window"] as? String, "week")
    }

    /// `reach` and the dashboard hand the league table the week's reach figures and data span they
    /// read for themselves, so the table reads neither again; it must be the table read on its
    /// own, for the whole council and for one service (whose figures are that service's only).
    func testTheLeagueTableGivenTheReportsFiguresIsTheTableReadOnItsOwn() throws {
        for service in [nil, "libraries"] {
            let report = try ReachReport.load(org: "harbourside", period: week, service: service, config: config, on: connection)
            XCTAssertEqual(report.leagueTable, try LeagueTable.load(org: "harbourside", period: week, service: service, on: connection), service ?? "all")
        }
        let dashboard = try Dashboard.load(ResponseFilter(org: "harbourside", period: week), config: config, on: connection)
        XCTAssertEqual(dashboard.leagueTable, try LeagueTable.load(org: "harbourside", period: week, service: nil, on: connection))
        XCTAssertEqual(dashboard.leagueTable.rows.count, 3)
    }

    /// `reach --service libraries` named its total row "All services" in both tables, though it
    /// counts libraries alone; without --service the row is every service's, and says so.
    func testTheTotalOfOneServiceIsNamedForItNotForAllServices() throws {
        for (service, total) in [("libraries", "Total (libraries)"), (nil, "All services")] {
            let text = try ReachReport.load(org: "harbourside", period: week, service: service, config: config, on: connection).text()
            let totals = text.split(separator: "\n").filter { $0.hasPrefix(total) }
            XCTAssertEqual(totals.count, 2, "the figures' total and the league table's: \(text)")
            XCTAssertEqual(service == nil, text.contains("All services"), text)
        }
    }

    /// Every key the reach parts of the dashboard write is declared in its schema.
    func testDashboardReachJSONMatchesItsSchema() throws {
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.root.appendingPathComponent("docs/schemas/dashboard.schema.json"))) as! [String: Any]
        let defs = schema["$defs"] as! [String: Any]
        func declared(_ def: String) -> Set<String> { Set(((defs[def] as! [String: Any])["properties"] as! [String: Any]).keys) }
        func required(_ def: String) -> Set<String> { Set((defs[def] as! [String: Any])["required"] as? [String] ?? []) }
        let dashboard = try Dashboard.load(ResponseFilter(org: "harbourside", period: week), config: config, on: connection)
        let board = try JSONSerialization.jsonObject(with: Data(try dashboard.json().utf8)) as! [String: Any]
        let reach = board["reach"] as! [String: Any]
        XCTAssertTrue(Set(reach.keys).isSubset(of: declared("reach_summary")) && required("reach_summary").isSubset(of: Set(reach.keys)))
        for figures in (reach["services"] as! [[String: Any]]) + [reach["total"] as! [String: Any]] {
            XCTAssertTrue(Set(figures.keys).isSubset(of: declared("reach_figures")), "\(Set(figures.keys).subtracting(declared("reach_figures")))")
            XCTAssertTrue(required("reach_figures").isSubset(of: Set(figures.keys)))
        }
        let league = board["league_table"] as! [String: Any]
        XCTAssertEqual(Set(league.keys), declared("league_table"))
        XCTAssertEqual(Set((league["current"] as! [String: Any]).keys), declared("span"))
        for row in league["rows"] as! [[String: Any]] {
            XCTAssertTrue(Set(row.keys).isSubset(of: declared("league_row")) && required("league_row").isSubset(of: Set(row.keys)))
            for key in required("league_row") {
                XCTAssertTrue(Set((row[key] as! [String: Any]).keys).isSubset(of: declared("change")))
            }
        }
    }

    func testISOWeeks() {
        XCTAssertEqual(ISOWeek("2026-W47")?.monday, CivilDate("2026-11-16"))
        XCTAssertEqual(ISOWeek("2026-W01")?.monday, CivilDate("2025-12-29"), "week 1 holds 4 January")
        XCTAssertEqual(ISOWeek(containing: CivilDate("2027-01-01")!).description, "2026-W53")
        XCTAssertNil(ISOWeek("2025-W53"), "2025 has 52 weeks")
        XCTAssertNil(ISOWeek("2026-47"))
    }
}
