import CivicPulseCore
@testable import CivicPulseProcessor
import CivicPulseReports
import Postgres
import XCTest

/// Reach, impressions, views, followers and engagements of one week (16–22 November 2026, GMT),
/// worked out by hand.
final class ReachProjectionTests: XCTestCase {
    var database: TestDatabase!
    var connection: Connection!
    var config: PipelineConfig!

    override func setUpWithError() throws {
        database = try TestDatabase()
        connection = try database.connect()
        config = try ReachFixtures.config()
        try ReachFixtures.append(Self.week(), on: connection)
    }

    override func tearDown() {
        connection = nil
        database?.drop()
    }

    /// Daily uniques 100, 110, … 160 (sum 910); the platform's own week figures differ from any sum.
    static func week() -> [EngagementEvent] {
        var events: [EngagementEvent] = []
        for day in 0..<7 {
            // Graph files Monday's figures under end_time Tuesday 08:00 UTC.
            let end = "2026-11-\(17 + day)T08:00:00Z"
            events.append(ReachFixtures.insight("libraries_facebook", "page_impressions_unique", period: "day", value: Double(100 + 10 * day), endTime: end))
            events.append(ReachFixtures.insight("libraries_facebook", "page_impressions_unique", period: "week", value: Double(400 + 20 * day), endTime: end))
            events.append(ReachFixtures.insight("libraries_facebook", "page_impressions", period: "day", value: 200, endTime: end))
        }
        events.append(ReachFixtures.insight("libraries_facebook", "page_impressions_unique", period: "days_28", value: 2000, endTime: "2026-11-23T08:00:00Z"))
        // A post's lifetime reach is not the Page's: it must not count.
        events.append(ReachFixtures.insight("libraries_facebook", "post_impressions_unique", period: "lifetime", value: 9999,
                                            endTime: "2026-11-20T08:00:00Z", object: "5550001_777"))
        events.append(ReachFixtures.insight("libraries_facebook", "page_follows", period: "lifetime", value: 1000, endTime: "2026-11-17T08:00:00Z"))
        events.append(ReachFixtures.insight("libraries_facebook", "page_follows", period: "lifetime", value: 1030, endTime: "2026-11-23T08:00:00Z"))
        events.append(ReachFixtures.insight("libraries_facebook", "page_fans", period: "lifetime", value: 5000, endTime: "2026-11-23T08:00:00Z"))
        // The channel's view count: 5000 on Monday, 5600 on Wednesday; a video's count is not the channel's.
        events.append(ReachFixtures.counter("libraries_youtube", "view_count", value: 5000, observedAt: "2026-11-16T12:00:00Z"))
        events.append(ReachFixtures.counter("libraries_youtube", "view_count", value: 5600, observedAt: "2026-11-18T12:00:00Z"))
        events.append(ReachFixtures.counter("libraries_youtube", "view_count", value: 70, observedAt: "2026-11-18T12:00:00Z", object: "vid1", objectType: "video"))
        events.append(ReachFixtures.counter("libraries_youtube", "subscriber_count", value: 300, observedAt: "2026-11-18T12:00:00Z"))
        // Tuesday on the libraries Page: three residents, one twice, and the council's reply.
        events.append(ReachFixtures.engagement(.comment, "libraries_facebook", resident: "ann", at: "2026-11-17T10:00:00Z", id: "c1"))
        events.append(ReachFixtures.engagement(.comment, "libraries_facebook", resident: "bob", at: "2026-11-17T10:05:00Z", id: "c2"))
        events.append(ReachFixtures.engagement(.reaction, "libraries_facebook", resident: "ann", at: "2026-11-17T10:06:00Z", id: "r1"))
        events.append(ReachFixtures.engagement(.share, "libraries_facebook", resident: "cat", at: "2026-11-17T23:30:00Z", id: "s1"))
        events.append(ReachFixtures.engagement(.reply, "libraries_facebook", resident: nil, at: "2026-11-17T11:00:00Z", id: "p1", fromOrg: true))
        // Leisure on Twitter: the council's tweet seen 800 times, a resident's mention, a retweet.
        events.append(ReachFixtures.engagement(.post, "leisure_twitter", resident: nil, at: "2026-11-18T09:00:00Z", id: "t1", fromOrg: true, impressions: 800))
        events.append(ReachFixtures.engagement(.inboundMessage, "leisure_twitter", resident: "dan", at: "2026-11-18T09:30:00Z", id: "t2"))
        events.append(ReachFixtures.engagement(.share, "leisure_twitter", resident: "ann", at: "2026-11-18T09:40:00Z", id: "t3"))
        // Ann again, on the leisure Page: the same Facebook user as on the libraries Page.
        events.append(ReachFixtures.engagement(.reaction, "leisure_facebook", resident: "ann", at: "2026-11-19T12:00:00Z", id: "r2"))
        return events
    }

    private func weekly(_ account: String) throws -> Row {
        try connection.query("SELECT * FROM analytics.reach_weekly WHERE account = \(account) AND iso_week = '2026-W47'")[0]
    }

    func testWeeklyReachIsThePlatformsWeekFigureNeverASumOfDailyUniques() throws {
        try Processor(connection: connection, config: config).catchUp()
        let daily = try connection.query("SELECT day::text, reach, reach_7_days FROM analytics.reach_daily WHERE account = 'libraries_facebook' ORDER BY day")
        XCTAssertEqual(try daily.map { try $0.decode(String.self, 0) }.first, "2026-11-16", "the window ending Tue 08:00 UTC is Monday's")
        XCTAssertEqual(try daily.map { try $0.decode(Int?.self, 1) }, [100, 110, 120, 130, 140, 150, 160])
        let facebook = try weekly("libraries_facebook")
        XCTAssertEqual(try facebook.decode(Int?.self, "reach"), 520, "Sunday's 7-day figure: the window that is exactly the week")
        XCTAssertNotEqual(try facebook.decode(Int?.self, "reach"), 910, "not the sum of the daily uniques")
        XCTAssertNil(try weekly("leisure_twitter").decode(Int?.self, "reach"), "Twitter reports no reach: not available")

        let period = ReportPeriod(from: CivilDate("2026-11-16"), to: CivilDate("2026-11-22"), timeZone: config.timeZone)
        let report = try ReachReport.load(org: "harbourside", period: period, service: nil, config: config, on: connection)
        XCTAssertEqual(report.isoWeek, "2026-W47")
        XCTAssertEqual(report.rows.first { $0.account == "libraries_facebook" }?.reach, 520)
        XCTAssertEqual(report.summary.services.first { $0.service == "libraries" }?.reach, 520)
        let fiveDays = ReportPeriod(from: CivilDate("2026-11-16"), to: CivilDate("2026-11-20"), timeZone: config.timeZone)
        let partial = try ReachReport.load(org: "harbourside", period: fiveDays, service: nil, config: config, on: connection)
        XCTAssertNil(partial.summary.reachWindow)
        XCTAssertNil(partial.summary.total?.reach, "no platform reports reach for 5 days, and adding days would overcount")
        let day = ReportPeriod(from: CivilDate("2026-11-18"), to: CivilDate("2026-11-18"), timeZone: config.timeZone)
        XCTAssertEqual(try ReachReport.load(org: "harbourside", period: day, service: nil, config: config, on: connection).summary.total?.reach, 120)
        let month = ReportPeriod(from: CivilDate("2026-10-26"), to: CivilDate("2026-11-22"), timeZone: config.timeZone)
        XCTAssertEqual(try ReachReport.load(org: "harbourside", period: month, service: nil, config: config, on: connection).summary.total?.reach, 2000)
    }

    func testEngagementsImpressionsViewsAndFollowers() throws {
        try Processor(connection: connection, config: config).catchUp()
        let tuesday = try connection.query("SELECT * FROM analytics.reach_daily WHERE account = 'libraries_facebook' AND day = '2026-11-17'")[0]
        XCTAssertEqual(try [tuesday.decode(Int.self, "comments"), tuesday.decode(Int.self, "reactions"), tuesday.decode(Int.self, "shares"),
                            tuesday.decode(Int.self, "replies"), tuesday.decode(Int.self, "engagements")], [2, 1, 1, 1, 5])
        XCTAssertEqual(try tuesday.decode(Int.self, "engaged_residents"), 3, "ann, bob and cat (23:30 UTC is still Tuesday in GMT); not the council")
        XCTAssertEqual(try tuesday.decode(Int?.self, "impressions"), 200)
        XCTAssertEqual(try tuesday.decode(Double?.self, "engagement_rate")!, 5.0 / 200, accuracy: 1e-12)

        let facebook = try weekly("libraries_facebook")
        XCTAssertEqual(try facebook.decode(Int?.self, "impressions"), 1400, "impressions add up")
        XCTAssertEqual(try facebook.decode(Int?.self, "followers"), 1030, "page_follows ranks above page_fans")
        XCTAssertEqual(try facebook.decode(Int?.self, "followers_growth"), 30)
        let youtube = try weekly("libraries_youtube")
        XCTAssertEqual(try youtube.decode(Int?.self, "views"), 600, "the channel's count rose 600; the video's own count is not added")
        XCTAssertEqual(try youtube.decode(Int?.self, "followers"), 300)
        let twitter = try weekly("leisure_twitter")
        XCTAssertEqual(try twitter.decode(Int?.self, "impressions"), 800, "the council's own tweet")
        XCTAssertEqual(try twitter.decode(Double?.self, "engagement_rate")!, 2.0 / 800, accuracy: 1e-12)

        let leisure = try connection.query("SELECT engaged_residents FROM analytics.league_table WHERE service = 'leisure' AND iso_week = '2026-W47'")
        XCTAssertEqual(try leisure[0].decode(Int.self, 0), 3, "dan and ann on Twitter, ann on the leisure Page")
        let everyone = try connection.query("""
            SELECT round(hll_cardinality(hll_union_agg(engaged_residents_sketch)))::int FROM analytics.reach_daily WHERE iso_week = '2026-W47'
            """)
        XCTAssertEqual(try everyone[0].decode(Int.self, 0), 5,
                       "ann on two Facebook Pages (two services) counts once; ann on Twitter is another platform user, so five: ann ×2, bob, cat, dan")
    }

    /// Reports read a week through `analytics.reach_days`, which reads only those days; it must give
    /// the view's rows, including a day's video views, which need the reading before the range.
    func testARangeOfDaysGivesTheViewsRowsForThoseDays() throws {
        try Processor(connection: connection, config: config).catchUp()
        let view = try connection.dump("SELECT * FROM analytics.reach_daily WHERE day BETWEEN '2026-11-18' AND '2026-11-22'")
        XCTAssertEqual(try connection.dump("SELECT * FROM analytics.reach_days('harbourside', '2026-11-18', '2026-11-22')"), view)
        let views = try connection.query("SELECT views FROM analytics.reach_days('harbourside', '2026-11-18', '2026-11-18') WHERE account = 'libraries_youtube'")
        XCTAssertEqual(try views[0].decode(Int?.self, 0), 600, "the rise since the reading of the 16th, before the range")
        XCTAssertEqual(try connection.dump("SELECT * FROM analytics.reach_days('nobody', '2026-11-16', '2026-11-22')"), [])
    }

    func testRebuildingInAnotherBatchSizeGivesTheSameRows() throws {
        let tables = [
            "SELECT org, service, channel, account, day, comments, replies, reactions, shares, mentions, inbound_messages, post_impressions, engaged_residents::text FROM projections.engagement_daily",
            "SELECT * FROM projections.account_metrics_daily",
        ]
        try Processor(connection: connection, config: config, batchSize: 4).catchUp()
        let incremental = try tables.map(connection.dump)
        XCTAssertFalse(incremental[0].isEmpty)

        try Processor(connection: connection, config: config, batchSize: 10_000).rebuild()
        XCTAssertEqual(try tables.map(connection.dump), incremental)
    }

    func testALaterReadingOfTheSameDayReplacesAnEarlierOneWhateverTheOrder() throws {
        try Processor(connection: connection, config: config).catchUp()
        // Ingested late: an earlier reading of Wednesday's subscribers, then a later one.
        try ReachFixtures.append([ReachFixtures.counter("libraries_youtube", "subscriber_count", value: 290, observedAt: "2026-11-18T08:00:00Z")], on: connection)
        try Processor(connection: connection, config: config).catchUp()
        XCTAssertEqual(try weekly("libraries_youtube").decode(Int?.self, "followers"), 300, "12:00's reading stays")
        try ReachFixtures.append([ReachFixtures.counter("libraries_youtube", "subscriber_count", value: 310, observedAt: "2026-11-18T18:00:00Z")], on: connection)
        try Processor(connection: connection, config: config).catchUp()
        XCTAssertEqual(try weekly("libraries_youtube").decode(Int?.self, "followers"), 310)
    }
}
