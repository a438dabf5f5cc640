import CivicPulseCore
import XCTest
@testable import CivicPulseIngest

/// Telling Facebook payloads from others', and Graph error bodies from data.
final class FacebookDetectionTests: XCTestCase {
    typealias F = FacebookFixtures

    static let fixtures = [
        "post-comments-stream.json", "comments-by-ids.json", "page-posts.json", "page-feed-nested-comments.json",
        "post-reaction-summaries.json", "comment-page-reply.json", "comment-resident-photo.json", "post-insights-lifetime.json",
        "page-with-insights.json", "insights-last-page.json", "error-190-expired-token.json", "error-2500-no-trace.json",
        "webhook-comment-add.json", "webhook-comment-add-v25-photo.json", "webhook-feed-changes.json", "webhook-mention.json",
        "webhook-messenger.json", "webhooks.jsonl",
    ]

    func testEveryFixtureIsRecognisedAsFacebookWithoutNamingTheSource() throws {
        for name in Self.fixtures {
            let detected = try F.read(name)
            let named = try F.read(name, as: .facebook)
            XCTAssertTrue(detected.recognisedAs.hasPrefix("Facebook"), "\(name): \(detected.recognisedAs)")
            XCTAssertEqual(detected.events, named.events, name)
        }
    }

    func testAGraphErrorIsAPlatformErrorAndNeverData() throws {
        let expired = try F.read("error-190-expired-token.json")
        XCTAssertEqual(expired.recognisedAs, "Facebook Graph API error response")
        XCTAssertEqual(expired.recordsRead, 0)
        XCTAssertTrue(expired.events.isEmpty)
        XCTAssertTrue(expired.rejections.isEmpty)
        let error = try XCTUnwrap(expired.platformErrors.first)
        XCTAssertTrue(error.isWholeResponse)
        XCTAssertTrue(error.message.hasPrefix("Facebook OAuthException #190 (subcode 463): Error validating access token"), error.message)
        XCTAssertTrue(error.message.hasSuffix("(fbtrace_id AHarbourTrace01)"), error.message)

        let noTrace = try XCTUnwrap(try F.read("error-2500-no-trace.json").platformErrors.first)
        XCTAssertEqual(noTrace.message, "Facebook OAuthException #2500: An active access token must be used to query information about the current user.")
    }

    func testOtherPlatformsPayloadsAreNotClaimed() throws {
        let youtubeError = #"{"error":{"code":403,"message":"Forbidden","errors":[{"domain":"youtube","reason":"forbidden"}],"status":"PERMISSION_DENIED"}}"#
        let youtubeList = #"{"kind":"youtube#commentThreadListResponse","items":[{"kind":"youtube#commentThread","id":"Ugx"}]}"#
        let twitterPage = #"{"data":[{"id":"1","text":"hello","author_id":"2"}],"meta":{"result_count":1}}"#
        let twitterV1Error = #"{"request":"/1.1/favorites/list.json","error":"Not authorized."}"#
        let open311 = #"[{"service_request_id":"1","status":"open"}]"#
        for text in [youtubeError, youtubeList, twitterPage, twitterV1Error, open311] {
            XCTAssertFalse(FacebookNormaliser.recognises(try JSONValue.parse(Data(text.utf8))), text)
        }
    }

    func testTwitterIsStillDetectedFirst() throws {
        let twitterPage = #"{"data":[{"id":"1","text":"hello","author_id":"2","created_at":"2026-03-02T09:00:00.000Z"}],"meta":{"result_count":1}}"#
        XCTAssertEqual(try F.read(json: twitterPage).recognisedAs, "Twitter API v2 response")
    }

    func testNamingFacebookForADocumentThatIsNotFacebooksRejectsItWhole() throws {
        let batch = try F.read(json: #"{"hello":"world"}"#, as: .facebook)
        XCTAssertEqual(batch.recordsRead, 1)
        XCTAssertEqual(batch.rejections.first?.recordPath, "(document)")
        XCTAssertEqual(batch.rejections.first?.field, "(document)")
        XCTAssertTrue(batch.events.isEmpty)
    }

    func testReadingAFileTwiceYieldsTheSameEventIDs() throws {
        for name in Self.fixtures {
            let first = try F.read(name).events.map(\.eventID)
            let second = try F.read(name).events.map(\.eventID)
            XCTAssertEqual(first, second, name)
            XCTAssertEqual(Set(first).count, first.count, "\(name): two events share an id")
        }
    }
}
