import CivicPulseCore
import Foundation
@testable import CivicPulseIngest
import XCTest

final class YouTubeStatisticsTests: XCTestCase {
    typealias F = YouTubeFixtures

    func testVideoStatisticsArriveAsStringsAndBecomeSnapshotsDatedByTheFetch() throws {
        let batch = try F.read("videos-statistics.json")
        XCTAssertEqual(batch.rejections, [])
        let views = try XCTUnwrap(F.event(batch, "Bins2026abc:view_count=1520"))
        XCTAssertEqual(views.kind, .metricSnapshot)
        XCTAssertEqual(views.sourceType, "video_statistics")
        XCTAssertEqual(views.occurredAt, F.observedAt)
        XCTAssertEqual(views.account, "harbourside_youtube")
        XCTAssertEqual(views.service, "customer_services")
        XCTAssertEqual(views.details["metric"], .string("view_count"))
        XCTAssertEqual(views.details["value"], .number(1520))
        XCTAssertEqual(views.details["object_id"], .string("Bins2026abc"))
        let metrics = batch.events.filter { $0.details["object_id"] == .string("Bins2026abc") }.compactMap { $0.details["metric"] }
        XCTAssertEqual(metrics, ["comment_count", "dislike_count", "favorite_count", "like_count", "view_count"].map(JSONValue.string))
    }

    func testTheCouncilsVideoIsAPostAndAVideoWithoutSnippetIsOnAnUnknownAccount() throws {
        let batch = try F.read("videos-statistics.json")
        let video = try XCTUnwrap(batch.events.first { $0.kind == .post })
        XCTAssertEqual(video.sourceID, "Bins2026abc")
        XCTAssertEqual(video.occurredAt, F.date("2026-02-27T12:00:00Z"))
        XCTAssertEqual(video.text, "Easter bin collections explained")
        XCTAssertEqual(F.event(batch, "LibTour2026:view_count=310")?.account, "unknown")
    }

    func testReingestingIsIdempotentAndAChangedCountIsANewSnapshot() throws {
        let first = try F.read("videos-statistics.json")
        let later = try F.read("videos-statistics.json", observedAt: F.date("2026-03-06T10:00:00Z"))
        XCTAssertEqual(Set(first.events.map(\.eventID)), Set(later.events.map(\.eventID)), "the same values are the same snapshots")

        let text = try String(decoding: F.data("videos-statistics.json"), as: UTF8.self).replacingOccurrences(of: #""viewCount": "1520""#, with: #""viewCount": "1604""#)
        let changed = try F.read(json: text)
        let newIDs = Set(changed.events.map(\.eventID)).subtracting(first.events.map(\.eventID))
        XCTAssertEqual(newIDs.count, 1)
        XCTAssertNotNil(F.event(changed, "Bins2026abc:view_count=1604"))
    }

    func testChannelStatisticsSkipAHiddenSubscriberCount() throws {
        let batch = try F.read("channels-statistics.json")
        XCTAssertEqual(batch.recognisedAs, "YouTube channels.list response (2 items)")
        XCTAssertNotNil(F.event(batch, "\(F.councilChannel):subscriber_count=3400"))
        XCTAssertNotNil(F.event(batch, "\(F.councilChannel):video_count=212"))
        let libraries = batch.events.filter { $0.details["object_id"] == .string(F.librariesChannel) }
        XCTAssertEqual(libraries.compactMap { $0.details["metric"] }, [.string("video_count"), .string("view_count")])
        XCTAssertEqual(libraries.map(\.account), ["libraries_youtube", "libraries_youtube"])
        XCTAssertEqual(libraries.first?.sourceType, "channel_statistics")
    }

    func testACountThatIsNotANumberQuarantinesTheItem() throws {
        let batch = try F.read(json: #"{"kind":"youtube#videoListResponse","items":[{"kind":"youtube#video","id":"Vid00000001","statistics":{"viewCount":"lots"}}]}"#)
        XCTAssertEqual(batch.events, [])
        XCTAssertEqual(batch.rejections.map(\.field), ["statistics.viewCount"])
        XCTAssertEqual(batch.rejections.map(\.recordPath), ["items[0]"])
    }

    func testErrorBodiesAreWholeResponsePlatformErrors() throws {
        let batch = try F.read("error-quota-exceeded.json")
        XCTAssertEqual(batch.recognisedAs, "YouTube error response")
        XCTAssertEqual(batch.platformErrors.map(\.message), [
            "YouTube error 403: The request cannot be completed because you have exceeded your quota. (youtube.quota/quotaExceeded)",
        ])
        XCTAssertEqual(batch.platformErrors.map(\.isWholeResponse), [true])
        XCTAssertEqual(batch.recordsRead, 0)
    }

    func testOnlyYouTubeShapesAreRecognised() throws {
        let graphError = #"{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190,"fbtrace_id":"AbC"}}"#
        XCTAssertFalse(YouTubeNormaliser.recognises(try JSONValue.parse(Data(graphError.utf8))))
        let search = #"{"kind":"youtube#searchListResponse","items":[]}"#
        XCTAssertThrowsError(try F.read(json: search)) { error in
            XCTAssertTrue((error as? IngestError)?.reason.hasPrefix("a YouTube search.list response holds only the ids") == true, "\(error)")
        }
        XCTAssertEqual(try F.read("channels-statistics.json").recognisedAs.hasPrefix("YouTube"), true)
    }
}
