import CivicPulseCore
import CivicPulseProcessor
import CivicPulseReports
import Postgres
import XCTest

/// The weekly summary over the demo week (samples/harbourside): the same numbers as
/// `dashboard`, `sla` and `reach`, and an empty week that says so.
final class SummaryTests: XCTestCase {
    var database: TestDatabase!
    var connection: Connection!
    var config: PipelineConfig!
    let week = ISOWeek("2026-W47")!

    override func setUpWithError() throws {
        database = try TestDatabase()
        connection = try database.connect()
        config = try Fixtures.config()
        let samples = Fixtures.root.appendingPathComponent("samples/harbourside")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: samples.path), "no samples/harbourside in this checkout")
        let ingestor = try Fixtures.ingestor(connection)
        let files = FileManager.default.enumerator(atPath: samples.path)!.compactMap { $0 as? String }
            .filter { $0.contains(".json") }.sorted()
        for file in files { _ = try ingestor.ingest(file: samples.appendingPathComponent(file).path) }
        try Processor(connection: connection, config: config).catchUp()
    }

    override func tearDown() {
        connection = nil
        database?.drop()
    }

    private var period: ReportPeriod {
        ReportPeriod(from: week.monday, to: week.sunday, timeZone: config.timeZone)
    }

    func testTheFiguresAreThoseOfTheDashboardSLAAndReachReports() throws {
        let summary = try WeeklySummary.load(week: week, config: config, on: connection)
        let filter = ResponseFilter(org: config.org, period: period)
        let dashboard = try Dashboard.load(filter, config: config, on: connection)
        let sla = try SLAReport.load(filter, config: config, on: connection)
        let reach = try ReachReport.load(org: config.org, period: period, service: nil, config: config, on: connection)

        XCTAssertTrue(summary.hasData)
        XCTAssertGreaterThan(dashboard.total?.inbound ?? 0, 100, "the demo week has plenty of messages")
        XCTAssertEqual(summary.total, dashboard.total)
        XCTAssertEqual(summary.headline.questions.current, dashboard.total?.inbound)
        XCTAssertEqual(summary.headline.responseRate.current, dashboard.total?.responseRate)
        XCTAssertEqual(summary.headline.medianResponseSeconds.current, dashboard.total?.medianFirstResponseSeconds)
        XCTAssertEqual(summary.headline.withinTargetRate.current, sla.stats?.withinTargetRate)
        XCTAssertEqual(summary.sla.breached, sla.breaches.count)
        XCTAssertEqual(summary.sla.breaches, Array(sla.breaches.prefix(WeeklySummary.listLimit)))
        XCTAssertEqual(summary.sla.open, sla.stats?.open)
        XCTAssertEqual(summary.sla.oldestOpen.count, min(WeeklySummary.listLimit, sla.stats?.open ?? 0))
        XCTAssertEqual(summary.sla.oldestOpen.map(\.openedAt), summary.sla.oldestOpen.map(\.openedAt).sorted())
        XCTAssertTrue(summary.sla.oldestOpen.allSatisfy { $0.respondedAt == nil })
        let oldestOpened = try connection.query("""
            SELECT min(opened_at) FROM projections.response_items
            WHERE opened_at >= \(period.start) AND opened_at < \(period.end) AND (responded_at IS NULL OR responded_at > \(period.asOf))
            """)[0].decode(Date.self, 0)
        XCTAssertEqual(summary.sla.oldestOpen.first?.openedAt, oldestOpened)
        XCTAssertEqual(summary.reach, dashboard.reach)
        XCTAssertEqual(summary.reach.total, reach.summary.total)
        XCTAssertEqual(summary.headline.reach.current, reach.summary.total?.reach)
        XCTAssertEqual(summary.headline.engagedResidents.current, reach.summary.total?.engagedResidents)
        XCTAssertEqual(summary.headline.followersGrowth.current, reach.summary.total?.followersGrowth)

        // Last week's figures: the league table's "previous" column for the whole council.
        let league = try XCTUnwrap(reach.leagueTable.rows.last)
        XCTAssertNil(league.service)
        XCTAssertEqual(summary.headline.questions.previous, league.items.previous)
        XCTAssertEqual(summary.headline.responseRate.previous, league.responseRate.previous)
        XCTAssertEqual(summary.headline.reach.previous, league.reach.previous)
        XCTAssertEqual(summary.headline.engagedResidents.previous, league.engagedResidents.previous)
        XCTAssertEqual(summary.trend.map(\.week).last, "2026-W47")
        XCTAssertEqual(summary.trend.count, 8)
        XCTAssertEqual(summary.trend.last?.withinTargetRate, sla.stats?.withinTargetRate)

        // Per service: what `sla --service X` says.
        for score in summary.services.services {
            let perService = try SLAReport.load(ResponseFilter(org: config.org, period: period, service: score.service), config: config, on: connection)
            XCTAssertEqual(score.stats, perService.stats, score.service)
        }
        XCTAssertEqual(summary.services.services.map(\.stats.inbound).reduce(0, +), dashboard.total?.inbound,
                       "every item belongs to exactly one service")
        let youtube = reach.rows.filter { $0.channel == "youtube" }
        XCTAssertEqual(summary.youtube.comments, youtube.map(\.comments).reduce(0, +))
        XCTAssertGreaterThan(summary.youtube.comments, 0)
        XCTAssertEqual(summary.youtube.mostDiscussed.map(\.comments), summary.youtube.mostDiscussed.map(\.comments).sorted(by: >))
    }

    func testReadingOnASecondConnectionGivesTheSameSummary() throws {
        let name = database.name
        let opened = Counter()
        let side = { @Sendable in
            opened.add()
            return try Connection("dbname=\(name)")
        }
        // The week after the demo week, judged at its end: the demo week is the trend's last
        // earlier week, which the second connection reads.
        let next = ISOWeek("2026-W48")!, end = PlatformTimestamp.parse("2026-11-30T00:00:00Z")!
        let alone = try WeeklySummary.load(week: next, asOf: end, config: config, on: connection)
        let shared = try WeeklySummary.load(week: next, asOf: end, config: config, on: connection, sideConnection: side)
        XCTAssertEqual(opened.value, 1)
        XCTAssertEqual(shared, alone)
        let demoWeek = try WeeklySummary.load(week: week, config: config, on: connection)
        XCTAssertEqual(shared.trend[shared.trend.count - 2].questions, demoWeek.total?.inbound)
        XCTAssertGreaterThan(demoWeek.total?.inbound ?? 0, 100)
        // The demo week itself: the second connection reads its lists of breaches and open items too.
        XCTAssertEqual(try WeeklySummary.load(week: week, config: config, on: connection, sideConnection: side), demoWeek)
        XCTAssertFalse(demoWeek.sla.breaches.isEmpty)
        XCTAssertFalse(demoWeek.sla.oldestOpen.isEmpty)
    }

    func testBestAndWorstNeedEnoughItemsAndNeverOverlap() throws {
        let summary = try WeeklySummary.load(week: week, config: config, on: connection)
        let ranking = summary.services
        XCTAssertFalse(ranking.best.isEmpty)
        XCTAssertTrue(Set(ranking.best).isDisjoint(with: ranking.worst))
        for id in ranking.best + ranking.worst {
            let score = try XCTUnwrap(ranking.services.first { $0.service == id })
            XCTAssertGreaterThanOrEqual(score.stats.judged, ranking.minimumJudged)
            XCTAssertNotEqual(id, PipelineConfig.unassigned)
        }
        let best = ranking.services.first { $0.service == ranking.best[0] }!.stats.withinTargetRate!
        let worst = ranking.services.first { $0.service == ranking.worst[0] }!.stats.withinTargetRate!
        XCTAssertGreaterThanOrEqual(best, worst)
    }

    func testAWeekWithNoDataSaysSoInEveryFormat() throws {
        let summary = try WeeklySummary.load(week: ISOWeek("2026-W41")!, config: config, on: connection)
        XCTAssertFalse(summary.hasData)
        XCTAssertNil(summary.total, "unrecorded: no figures, not zeros")
        XCTAssertNil(summary.headline.responseRate.current)
        XCTAssertNil(summary.headline.withinTargetRate.current)
        XCTAssertNil(summary.headline.medianResponseSeconds.current)
        for output in [summary.text(), summary.markdown(), summary.html(), try summary.json()] {
            for bad in ["NaN", "nan%", "inf%", "Infinity"] { XCTAssertFalse(output.contains(bad), output) }
        }
        XCTAssertTrue(summary.text().contains("No figures for 2026-W41: the data starts"), "before the data, not quiet: " + summary.text())
        XCTAssertTrue(summary.html().contains("No figures for 2026-W41: the data starts"))
        XCTAssertFalse(summary.text().contains("nothing to report"), summary.text())
        let json = try JSONSerialization.jsonObject(with: Data(try summary.json().utf8)) as! [String: Any]
        XCTAssertEqual(json["has_data"] as? Bool, false)
    }

    func testTheTextFitsEightyColumnsWithSparklines() throws {
        let text = try WeeklySummary.load(week: week, config: config, on: connection).text()
        for line in text.split(separator: "\n") {
            XCTAssertLessThanOrEqual(line.count, WeeklySummary.textWidth, String(line))
        }
        XCTAssertTrue(text.contains("Harbourside Borough Council — weekly summary"))
        let questions = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("Questions received") })
        XCTAssertTrue(questions.hasSuffix(" –  ·······▄"),
                      "no change from, and no figure for, the weeks before the demo's first messages (its YouTube videos are older): \(questions)")
        XCTAssertTrue(text.contains("https://x.com/"), "links that fit are given whole")
        XCTAssertFalse(text.contains("…\n"), "no link is cut")
    }

    /// A summary before its week ends says so in every format, and its trend does not draw the
    /// week so far beside whole weeks (it read as the lowest week of eight).
    func testAWeekInProgressIsLabelledAndNotDrawnInTheTrend() throws {
        let midweek = ISO8601DateFormatter().date(from: "2026-11-19T12:00:00Z")!
        let summary = try WeeklySummary.load(week: week, asOf: midweek, config: config, on: connection)
        XCTAssertTrue(summary.inProgress)
        XCTAssertEqual(summary.trend.map(\.partial), [false, false, false, false, false, false, false, true])
        XCTAssertNotNil(summary.trend.last?.questions, "the figures so far are kept in the JSON")
        let text = summary.text()
        XCTAssertTrue(text.contains("Week 2026-W47: 2026-11-16 to 2026-11-22 (in progress)"), text)
        XCTAssertTrue(text.contains("Week in progress, to 2026-11-19 12:00 (Europe/London): figures so far, changes\nagainst 2026-W46 at the same point"), text)
        let questions = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("Questions received") })
        XCTAssertTrue(questions.hasSuffix("········"), "no mark for the week so far: \(questions)")
        XCTAssertTrue(summary.markdown().contains("Week in progress, to 2026-11-19 12:00 (Europe/London): figures so far"))
        XCTAssertTrue(summary.html().contains("Week in progress, to 2026-11-19 12:00 (Europe/London): figures so far"))
        XCTAssertTrue(summary.html().contains("W47 so far"))
        let json = try JSONSerialization.jsonObject(with: Data(try summary.json().utf8)) as! [String: Any]
        XCTAssertEqual(json["in_progress"] as? Bool, true)
        XCTAssertEqual((json["trend"] as? [[String: Any]])?.last?["partial"] as? Bool, true)

        let whole = try WeeklySummary.load(week: week, config: config, on: connection)
        XCTAssertFalse(whole.inProgress)
        XCTAssertFalse(whole.text().contains("in progress"))
        XCTAssertEqual(whole.trend.last?.partial, false)
    }

    /// Counts of thousands read the same in every text report: `1,217`, never `1217`.
    func testTextReportsGroupThousandsAsTheSummaryDoes() throws {
        let filter = ResponseFilter(org: config.org, period: period)
        let sla = try SLAReport.load(filter, config: config, listLimit: 0, on: connection)
        XCTAssertGreaterThan(sla.stats?.inbound ?? 0, 999, "the demo week has over a thousand questions")
        let reach = try ReachReport.load(org: config.org, period: period, service: nil, config: config, on: connection)
        XCTAssertGreaterThan(reach.summary.total?.engagements ?? 0, 999)
        // Without lists (limit 0), whose links hold long numbers of their own.
        for text in [sla.text(limit: 0), reach.text(), try Dashboard.load(filter, config: config, on: connection).text()] {
            let ungrouped: [String] = text.split(whereSeparator: { " \n,();".contains($0) }).map(String.init)
                .filter { $0.count >= 4 && $0.allSatisfy(\.isNumber) }
            XCTAssertEqual(ungrouped, [], text)
        }
        XCTAssertTrue(sla.text(limit: 0).contains("Items \(Formatting.count(sla.stats?.inbound ?? 0)), answered"), sla.text(limit: 0))
    }

    func testMarkdownHasTablesAndJSONCarriesEveryHeadline() throws {
        let summary = try WeeklySummary.load(week: week, config: config, on: connection)
        let markdown = summary.markdown()
        XCTAssertTrue(markdown.contains("| Figure | This week | Change | 8 weeks |\n|:---|---:|---:|:---|"), markdown)
        XCTAssertTrue(markdown.contains("## Services"))
        let json = try JSONSerialization.jsonObject(with: Data(try summary.json().utf8)) as! [String: Any]
        let headline = json["headline"] as! [String: Any]
        XCTAssertEqual(Set(headline.keys), ["questions", "response_rate", "median_response_seconds", "within_target_rate",
                                            "reach", "engaged_residents", "followers_growth", "followers"])
        XCTAssertEqual((headline["questions"] as! [String: Any])["current"] as? Int, summary.total?.inbound)
        XCTAssertEqual((json["trend"] as! [Any]).count, 8)
    }
}

/// Counts calls from another thread.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}
