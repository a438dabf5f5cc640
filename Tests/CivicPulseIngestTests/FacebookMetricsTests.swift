import CivicPulseCore
import XCTest
@testable import CivicPulseIngest

/// Insights rows, reaction and comment summaries, and a Page's own counts.
final class FacebookMetricsTests: XCTestCase {
    typealias F = FacebookFixtures

    func testInsightsValuesAreDatedByTheirEndTime() throws {
        let batch = try F.read("page-with-insights.json")
        let insights = batch.events.filter { $0.sourceType == "page_insight:page_post_engagements" }
        XCTAssertEqual(insights.count, 6)
        let day = try F.event(batch, "110000000000001:page_post_engagements/day@1772438400")
        XCTAssertEqual(day.kind, .metricSnapshot)
        XCTAssertEqual(day.occurredAt, F.date("2026-03-02T08:00:00Z"))
        XCTAssertEqual(day.details["value"], .number(310))
        XCTAssertEqual(day.details["period"], .string("day"))
        XCTAssertEqual(day.details["object_id"], .string(F.harboursidePage))
        XCTAssertEqual(day.account, "harbourside_facebook")
        let week = try F.event(batch, "110000000000001:page_post_engagements/week@1772524800")
        XCTAssertEqual(week.details["value"], .number(2188))
        XCTAssertEqual(week.occurredAt, F.date("2026-03-03T08:00:00Z"))
    }

    func testRereadingTimedInsightsLaterAddsNothing() throws {
        let first = try F.read("page-with-insights.json")
        let again = try F.read("page-with-insights.json", observedAt: F.observedAt.addingTimeInterval(86_400))
        let timed = { (batch: NormalisedBatch) in Set(batch.events.filter { $0.sourceType.hasPrefix("page_insight") }.map(\.eventID)) }
        XCTAssertEqual(timed(first), timed(again))
    }

    func testPageCountsAreDatedWhenFetchedAndNewValuesAreNewSnapshots() throws {
        let batch = try F.read("page-with-insights.json")
        XCTAssertEqual(batch.recordsRead, 4, "the Page's counts and three Insights rows")
        let fans = try F.event(batch, "110000000000001:fan_count=12840")
        XCTAssertEqual(fans.occurredAt, F.observedAt)
        XCTAssertEqual(fans.details["metric"], .string("fan_count"))
        let later = F.observedAt.addingTimeInterval(3600)
        let same = try F.read("page-with-insights.json", observedAt: later)
        XCTAssertEqual(try F.event(same, "110000000000001:fan_count=12840").eventID, fans.eventID)
        let grown = String(decoding: try F.data("page-with-insights.json"), as: UTF8.self).replacingOccurrences(of: "12840", with: "12851")
        let changed = try F.event(try F.read(json: grown, observedAt: later), "110000000000001:fan_count=12851")
        XCTAssertNotEqual(changed.eventID, fans.eventID)
        XCTAssertEqual(changed.occurredAt, later)
    }

    func testLifetimeInsightsCarryTheirValueInTheirID() throws {
        let batch = try F.read("post-insights-lifetime.json")
        let reach = try F.event(batch, "110000000000001_200000000000001:post_impressions_unique/lifetime=1520")
        XCTAssertEqual(reach.occurredAt, F.observedAt)
        XCTAssertEqual(reach.account, "harbourside_facebook", "a post's numbers belong to its Page")
        XCTAssertEqual(reach.details["period"], .string("lifetime"))
    }

    func testABreakdownValueIsOneSnapshotPerKey() throws {
        let batch = try F.read("post-insights-lifetime.json")
        let like = try F.event(batch, "110000000000001_200000000000001:post_reactions_by_type_total/lifetime[like]=9")
        XCTAssertEqual(like.details["breakdown"], .string("like"))
        XCTAssertEqual(like.details["value"], .number(9))
        XCTAssertNoThrow(try F.event(batch, "110000000000001_200000000000001:post_reactions_by_type_total/lifetime[angry]=4"))
    }

    func testANonNumericValueIsQuarantinedWithItsField() throws {
        let batch = try F.read("post-insights-lifetime.json")
        XCTAssertEqual(batch.recordsRead, 3)
        XCTAssertEqual(batch.events.count, 3)
        let rejection = try XCTUnwrap(batch.rejections.first)
        XCTAssertEqual(rejection.recordPath, "data[2]")
        XCTAssertEqual(rejection.field, "values[0].value")
    }

    func testAPostsReactionCommentAndShareSummariesAreSnapshots() throws {
        let batch = try F.read("post-reaction-summaries.json")
        XCTAssertEqual(F.kinds(batch), [.post: 1, .metricSnapshot: 6])
        let expected = ["reactions": 14, "like": 9, "angry": 4, "sad": 1, "comments": 11, "shares": 3]
        for (metric, value) in expected {
            let event = try F.event(batch, "110000000000001_200000000000001:\(metric)=\(value)")
            XCTAssertEqual(event.details["value"], .number(Double(value)), metric)
            XCTAssertEqual(event.occurredAt, F.observedAt, metric)
        }
        XCTAssertEqual(try F.event(batch, "110000000000001_200000000000001").occurredAt, F.date("2026-03-02T08:00:00Z"))
    }

    func testTheEmptyLastInsightsPageReadsNothingAndIsNoError() throws {
        let batch = try F.read("insights-last-page.json")
        XCTAssertEqual(batch.recognisedAs, "Facebook Graph API list")
        XCTAssertEqual(batch.recordsRead, 0)
        XCTAssertTrue(batch.events.isEmpty)
        XCTAssertTrue(batch.rejections.isEmpty)
        XCTAssertTrue(batch.platformErrors.isEmpty)
    }

    func testInsightsFromAnEdgeWithoutRowIDsTakeTheObjectFromThePagingURL() throws {
        let json = """
            {"data":[{"name":"page_impressions","period":"day","values":[{"value":77,"end_time":"2026-03-02T08:00:00+0000"}]}],
             "paging":{"next":"https://graph.facebook.com/v19.0/110000000000002/insights?metric=page_impressions&since=1"}}
            """
        let event = try XCTUnwrap(try F.read(json: json).events.first)
        XCTAssertEqual(event.sourceID, "110000000000002:page_impressions/day@1772438400")
        XCTAssertEqual(event.account, "libraries_facebook")
        XCTAssertEqual(event.service, "libraries")
    }
}
