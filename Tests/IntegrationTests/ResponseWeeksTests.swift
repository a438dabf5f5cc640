import CivicPulseCore
import CivicPulseProcessor
import CivicPulseReports
import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// The summary's trend reads each earlier week's figures from the row the processor stores for
/// it (projections.response_weeks). Whatever the processor has or has not stored yet, the trend
/// must show what the dashboard shows for that week asked on its own.
final class ResponseWeeksTests: DatabaseTestCase {
    private var connection: Connection!
    private var config: PipelineConfig!
    /// The summary asked on this day (a Wednesday) for the week before, so every week is over.
    private let now = utc("2026-12-02T12:00:00Z")
    private let week = ISOWeek("2026-W48")!

    override func setUpWithError() throws {
        try super.setUpWithError()
        connection = try database.connect()
        config = try Fixtures.config()
        // Seven weeks of conversations (2026-W41 to W47, the clocks going back on 25 October in
        // the middle), ingested out of order and processed in small batches.
        var generator = SplitMix(seed: 48)
        let events = Conversations.simulate(conversations: 1500, config: config, using: &generator).map { event in
            var event = event
            let weeksBack = Int(event.conversationID!.dropFirst().filter(\.isNumber))! % 7
            event.occurredAt = event.occurredAt.addingTimeInterval(-Double(weeksBack) * 7 * 86_400)
            return event
        }
        for chunk in events.shuffled(using: &generator).chunked(into: 2000) {
            try connection.transaction { _ = try EventLog.append(chunk, sourceFile: "simulated", judge: Fixtures.isUrgent, on: connection) }
        }
        try Processor(connection: connection, config: config, batchSize: 700).catchUp()
    }

    override func tearDown() {
        connection = nil
        super.tearDown()
    }

    private func summary(config: PipelineConfig? = nil, asOf: Date? = nil) throws -> WeeklySummary {
        try WeeklySummary.load(week: week, asOf: asOf, config: config ?? self.config, on: connection, now: now)
    }

    /// Week `back` weeks before the summary's, asked on its own, with its figures as at
    /// `beforeEnd` seconds before its end.
    private func dashboardTotal(weeksBack back: Int, beforeEnd: TimeInterval = 0, config: PipelineConfig? = nil) throws -> ResponseStats? {
        let config = config ?? self.config!
        var period = ReportPeriod(from: week.monday.adding(days: -7 * back), to: week.sunday.adding(days: -7 * back), timeZone: config.timeZone, now: now)
        period.asOf = period.end.addingTimeInterval(-beforeEnd)
        return try Dashboard.load(ResponseFilter(org: config.org, period: period), config: config, on: connection).total
    }

    private func assertTrendIsTheDashboards(_ summary: WeeklySummary, beforeEnd: TimeInterval = 0, config: PipelineConfig? = nil,
                                            file: StaticString = #filePath, line: UInt = #line) throws {
        for (index, trendWeek) in summary.trend.dropLast().enumerated() {
            let total = try dashboardTotal(weeksBack: summary.trend.count - 1 - index, beforeEnd: beforeEnd, config: config)
            XCTAssertEqual(trendWeek.questions, total?.inbound, "\(trendWeek.week) questions", file: file, line: line)
            XCTAssertEqual(trendWeek.responseRate, total?.responseRate, "\(trendWeek.week) response rate", file: file, line: line)
            XCTAssertEqual(trendWeek.withinTargetRate, total?.withinTargetRate, "\(trendWeek.week) within target", file: file, line: line)
            XCTAssertEqual(trendWeek.medianResponseSeconds, total?.medianFirstResponseSeconds, "\(trendWeek.week) median", file: file, line: line)
        }
    }

    private func storedWeeks() throws -> [String] {
        try connection.query("""
            SELECT concat_ws(' ', week_start, week_end, inbound, answered, median_response_seconds, within_target, judged, open, oldest_open_seconds, urgent)
            FROM projections.response_weeks ORDER BY org, week_start
            """).map { try $0.decode(String.self, 0) }
    }

    func testTheTrendOfStoredWeeksIsEachWeeksDashboardAndARebuildStoresTheSame() throws {
        let summary = try summary()
        XCTAssertEqual(summary.trend.dropLast().map(\.week), (41...47).map { "2026-W\($0)" })
        XCTAssertTrue(summary.trend.dropLast().allSatisfy { ($0.questions ?? 0) > 100 }, "every earlier week has items: \(summary.trend.map(\.questions))")
        try assertTrendIsTheDashboards(summary)

        // The weeks are stored (the trend did not just read the items), cut at local midnight on
        // Mondays: W43 is an hour longer, the clocks going back on its Sunday.
        let stale = try connection.query("SELECT count(*) FROM projections.response_weeks_stale")[0].decode(Int.self, 0)
        XCTAssertEqual(stale, 0)
        let w43 = try connection.query("""
            SELECT extract(epoch FROM week_end - week_start) FROM projections.response_weeks WHERE week_start = '2026-10-18 23:00+00'
            """)
        XCTAssertEqual(try w43.first?.decode(Double.self, 0), 7 * 86_400 + 3600)
        XCTAssertGreaterThanOrEqual(try storedWeeks().count, 7)

        let incremental = try storedWeeks()
        try Processor(connection: connection, config: config).rebuild()
        XCTAssertEqual(try storedWeeks(), incremental)
    }

    func testASummaryAskedMidWeekJudgesEachEarlierWeekAsFarIntoItNotAtItsEnd() throws {
        // Asked on Wednesday at noon, four and a half days before the week's end: every earlier
        // week is shown as it stood on its own Wednesday at noon, which no stored row holds.
        let beforeEnd: TimeInterval = 4.5 * 86_400
        let wednesday = utc("2026-11-25T12:00:00Z")
        let midWeek = try summary(asOf: wednesday)
        try assertTrendIsTheDashboards(midWeek, beforeEnd: beforeEnd)
        let atEnd = try summary()
        for (partial, whole) in zip(midWeek.trend.dropLast(), atEnd.trend.dropLast()) {
            XCTAssertLessThan(try XCTUnwrap(partial.questions), try XCTUnwrap(whole.questions), "\(partial.week) on its Wednesday has fewer questions than at its end")
        }
    }

    func testALateAnswerShowsInItsWeekBeforeAndAfterTheProcessorStoresItAgain() throws {
        // W42 is six weeks before the summary's. One of its unanswered questions gets its answer
        // an hour later, delivered now.
        let answeredBefore = try XCTUnwrap(dashboardTotal(weeksBack: 6)).answered
        let question = try connection.query("""
            SELECT coalesce(e.conversation_id, e.source_id), (SELECT lookup FROM privacy.residents WHERE pseudonym = i.resident_hash), i.opened_at
            FROM projections.response_items i JOIN civicpulse.events e ON e.event_id = i.item_id
            WHERE i.opened_at >= '2026-10-11 23:00+00' AND i.opened_at < '2026-10-18 23:00+00' AND i.responded_at IS NULL
            ORDER BY i.opened_at, i.item_id LIMIT 1
            """)[0]
        let reply = EngagementEvent(
            platform: "twitter", sourceType: "tweet", sourceID: "late-answer", org: config.org, channel: "twitter",
            account: "harbourside_twitter", service: "waste", kind: .reply,
            conversationID: try question.decode(String.self, 0),
            actorHash: Fixtures.hasher.hash(platform: "twitter", userID: "council"), actorIsOrg: true,
            addresseeHash: try question.decode(Data.self, 1), occurredAt: try question.decode(Date.self, 2).addingTimeInterval(3600)
        )
        try connection.transaction { _ = try EventLog.append([reply], sourceFile: "late", judge: Fixtures.isUrgent, on: connection) }

        // Applied but not yet stored again (the processor stores weeks once the log is drained):
        // the week's stored row is out of date, and the trend must not show it.
        try Processor(connection: connection, config: config).processBatch()
        XCTAssertEqual(try XCTUnwrap(dashboardTotal(weeksBack: 6)).answered, answeredBefore + 1, "the reply answers the question")
        try assertTrendIsTheDashboards(try summary())

        try Processor(connection: connection, config: config).catchUp()
        try assertTrendIsTheDashboards(try summary())
        XCTAssertEqual(try connection.query("SELECT count(*) FROM projections.response_weeks_stale")[0].decode(Int.self, 0), 0)
    }

    func testAnItemThatMovesToAnEarlierWeekLeavesTheWeekItLeft() throws {
        func question(_ id: String, at instant: String) -> EngagementEvent {
            EngagementEvent(
                platform: "twitter", sourceType: "tweet", sourceID: id, org: config.org, channel: "twitter",
                account: "harbourside_twitter", service: "waste", kind: .inboundMessage, conversationID: "moving",
                actorHash: Fixtures.hasher.hash(platform: "twitter", userID: "mover"), actorIsOrg: false, occurredAt: utc(instant)
            )
        }
        // Monday 19 October 00:30 in London opens an item in W43 ...
        try connection.transaction { _ = try EventLog.append([question("moving-2", at: "2026-10-18T23:30:00Z")], sourceFile: "a", judge: Fixtures.isUrgent, on: connection) }
        try Processor(connection: connection, config: config).catchUp()
        let w43Before = try XCTUnwrap(dashboardTotal(weeksBack: 5)).inbound
        // ... until the same resident's message of 40 minutes before arrives late: the item now
        // opens on Sunday, in W42, and W43 has one item fewer.
        try connection.transaction { _ = try EventLog.append([question("moving-1", at: "2026-10-18T22:50:00Z")], sourceFile: "b", judge: Fixtures.isUrgent, on: connection) }
        try Processor(connection: connection, config: config).catchUp()
        XCTAssertEqual(try XCTUnwrap(dashboardTotal(weeksBack: 5)).inbound, w43Before - 1)
        try assertTrendIsTheDashboards(try summary())
    }

    func testWeeksAreCutAgainWhenThePipelinesTimeZoneChanges() throws {
        var newYork = config!
        newYork.timeZone = TimeZone(identifier: "America/New_York")!
        try Processor(connection: connection, config: newYork).catchUp()

        let starts = try connection.query("SELECT week_start FROM projections.response_weeks").map { try $0.decode(Date.self, 0) }
        XCTAssertFalse(starts.isEmpty)
        for start in starts {
            var calendar = Calendar(identifier: .iso8601)
            calendar.timeZone = newYork.timeZone
            let local = calendar.dateComponents([.weekday, .hour, .minute], from: start)
            XCTAssertEqual([local.weekday, local.hour, local.minute], [2, 0, 0], "\(start) is not midnight on a Monday in New York")
        }
        try assertTrendIsTheDashboards(try summary(config: newYork), config: newYork)
    }
}
