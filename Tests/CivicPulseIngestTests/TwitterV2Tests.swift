import CivicPulseCore
import Foundation
@testable import CivicPulseIngest
import XCTest

final class TwitterV2Tests: XCTestCase {
    typealias F = TwitterFixtures

    func testABrandReplyAnswersTheResidentInTheirConversation() throws {
        let batch = try F.read("v2-search-replies.json")
        XCTAssertEqual(batch.rejections, [])
        let reply = try XCTUnwrap(F.event(batch, "2028432629560250514"))
        XCTAssertEqual(reply.kind, .reply)
        XCTAssertEqual(reply.account, "harbourside_twitter")
        XCTAssertEqual(reply.addresseeHash, F.hash(F.annID))
        XCTAssertEqual(reply.conversationID, "2028425079813050514")
        XCTAssertEqual(reply.url, "https://x.com/HarboursideCC/status/2028432629560250514")

        let question = try XCTUnwrap(F.event(batch, "2028425079813050514"))
        XCTAssertEqual(question.kind, .inboundMessage)
        XCTAssertEqual(question.service, "waste")
        let items = ResponseMatcher.items(for: F.messages(batch))
        XCTAssertEqual(items.map(\.responseSeconds), [1800])
    }

    /// A tweet saved on its own, not in a page, is its one record; a document with nothing of a
    /// v2 response (an Account Activity delivery named as `twitter`) is quarantined whole. Both
    /// were read as an empty page: "read 0", and nothing anywhere said where the contents went.
    func testADocumentThatIsNotAPageIsReadAsOneRecordOrQuarantined() throws {
        let alone = try F.read(json: #"{"id":"1860000000000000998","text":"@HarboursideCC the bins on Elm Rd","author_id":"\#(F.annID)","created_at":"2026-11-16T09:00:00.000Z"}"#)
        XCTAssertEqual(alone.recognisedAs, "Twitter API v2 tweet")
        XCTAssertEqual(alone.recordsRead, 1)
        XCTAssertEqual(alone.events.map(\.kind), [.inboundMessage])

        let activity = try F.read(json: #"{"for_user_id":"\#(F.councilID)","tweet_create_events":[{"id_str":"1860000000000000999","text":"@HarboursideCC hi"}]}"#, as: .twitter)
        XCTAssertEqual(activity.recordsRead, 1)
        XCTAssertEqual(activity.events, [])
        XCTAssertEqual(activity.rejections.map(\.field), ["(document)"])
        XCTAssertEqual(activity.rejections.first?.reason, "not a Twitter API v2 response: no data, meta or errors (it has for_user_id, tweet_create_events)")

        let empty = try F.read(json: #"{"meta":{"result_count":0}}"#)
        XCTAssertEqual([empty.recordsRead, empty.rejections.count], [0, 0], "an empty page is still an empty page")
    }

    /// twarc2 writes one whole response per line, and its filtered stream one tweet in `data`
    /// with its `includes` and `matching_rules`: each line is read as the response saved alone
    /// would be (every such line was quarantined as "field 'id': missing"), and a truncated last
    /// line is quarantined alone.
    func testJSONLinesOfWholeResponsesAreReadAsResponses() throws {
        let ann = #"{"id":"\#(F.annID)","username":"ann_h","name":"Ann"}"#
        let page = { (ids: [Int]) in
            let tweets = ids.map { #"{"id":"18600000000000000\#($0)","text":"@HarboursideCC bins on Elm Rd \#($0)","author_id":"\#(F.annID)","created_at":"2026-11-16T09:\#($0):00.000Z","conversation_id":"18600000000000000\#($0)"}"# }
            return #"{"data":[\#(tweets.joined(separator: ","))],"includes":{"users":[\#(ann)]},"meta":{"result_count":\#(ids.count)},"__twarc":{"url":"https://api.x.com/2/tweets/search/recent","version":"2.14.0"}}"#
        }
        let streamed = #"{"data":{"id":"1860000000000000050","text":"@HarboursideCC library hours?","author_id":"\#(F.annID)","created_at":"2026-11-16T10:50:00.000Z"},"includes":{"users":[\#(ann)]},"matching_rules":[{"id":"1","tag":"council"}]}"#
        let lines = [page([10, 11]), page([12]), #"{"meta":{"result_count":0},"__twarc":{}}"#, streamed, String(page([13]).prefix(60))]
        let batch = try F.read(json: lines.joined(separator: "\n") + "\n")
        XCTAssertEqual(batch.events.map(\.sourceID), ["1860000000000000010", "1860000000000000011", "1860000000000000012", "1860000000000000050"])
        XCTAssertTrue(batch.events.allSatisfy { $0.kind == .inboundMessage }, "\(batch.events.map(\.kind))")
        XCTAssertEqual(batch.rejections.map { "\($0.recordPath) \($0.field) \($0.reason)" }, ["line 5 (line) not valid JSON"])
        XCTAssertEqual(batch.recognisedAs, "Twitter API v2 response JSON Lines")

        let bad = try F.read(json: page([14]) + "\n" + #"{"data":[{"id":"1860000000000000015","author_id":"\#(F.annID)"}]}"# + "\n")
        XCTAssertEqual(bad.rejections.map(\.recordPath), ["line 2 data[0]"], "a bad tweet in a line's page is named by line and place")
    }

    func testATweetInBothDataAndIncludesIsReadOnce() throws {
        let batch = try F.read("v2-search-replies.json")
        XCTAssertEqual(batch.recordsRead, 3)
        XCTAssertEqual(batch.events.map(\.sourceID).sorted(), ["2028398655697850514", "2028425079813050514", "2028432629560250514"])
    }

    func testCreatedAtIsPreferredToTheSnowflakeTime() throws {
        let batch = try F.read("v2-search-replies.json")
        let post = try XCTUnwrap(F.event(batch, "2028398655697850514"))
        XCTAssertEqual(post.kind, .post)
        XCTAssertEqual(post.occurredAt, F.date("2026-03-02T09:15:07Z"), "the id alone says 09:15:00")
        XCTAssertNil(post.details["created_at_from_id"])
    }

    func testDefaultFieldTweetsAreReadWithTheirTimeFromTheIdAndNoAuthor() throws {
        let batch = try F.read("v2-default-fields.json")
        XCTAssertEqual(batch.rejections, [])
        XCTAssertEqual(batch.recordsRead, 4)
        let question = try XCTUnwrap(F.event(batch, "2028411288941498514"))
        XCTAssertEqual(question.occurredAt, F.date("2026-03-02T10:05:12Z"))
        XCTAssertEqual(question.details["created_at_from_id"], .bool(true))
        XCTAssertNil(question.actorHash)
        XCTAssertFalse(question.actorIsOrg)
        XCTAssertEqual(question.url, "https://x.com/i/web/status/2028411288941498514")
    }

    func testDefaultFieldTweetsAreInboundOnlyWhenTheTextMentionsAnOrgHandle() throws {
        let batch = try F.read("v2-default-fields.json")
        let kinds = ["2028411288941498514", "2028400039818170514", "2028425079813050514", "2028432629560250514"].map { F.event(batch, $0)?.kind }
        XCTAssertEqual(kinds, [.inboundMessage, .mention, .share, .mention])
        let question = try XCTUnwrap(F.event(batch, "2028411288941498514"))
        XCTAssertEqual(question.account, "harbourside_twitter")
        XCTAssertEqual(question.service, "waste")
        XCTAssertEqual(F.event(batch, "2028425079813050514")?.account, "libraries_twitter", "a retweet of the libraries' tweet")
        XCTAssertEqual(F.event(batch, "2028432629560250514")?.account, "unknown", "an e-mail address is not an @mention")
        XCTAssertEqual(F.event(batch, "2028400039818170514")?.occurredAt, F.date("2026-03-02T09:20:30Z"))
    }

    func testATweetWithoutCreatedAtOrASnowflakeIdIsQuarantined() throws {
        let batch = try F.read(json: #"{"data":[{"id":"20","text":"just setting up my twttr","edit_history_tweet_ids":["20"]}]}"#)
        XCTAssertEqual(batch.events, [])
        XCTAssertEqual(batch.rejections.map(\.field), ["created_at"])
        XCTAssertEqual(batch.rejections.map(\.recordPath), ["data[0]"])
    }

    func testSnowflakeTimeMatchesTheFormula() {
        // (1578516068309794817 >> 22) + 1288834974657 = 1665182532752 ms.
        XCTAssertEqual(TwitterTweet.creationTime(fromID: "1578516068309794817"), Date(timeIntervalSince1970: 1_665_182_532.752))
        XCTAssertNil(TwitterTweet.creationTime(fromID: "29700859247"), "a sequential id from before snowflake ids")
    }

    func testCountsUsersAndAcknowledgementsAreRecognisedAndReadNothing() throws {
        let counts = try F.read("v2-counts.json")
        XCTAssertEqual(counts.recognisedAs, "Twitter API v2 tweet counts (nothing to ingest)")
        let users = try F.read("v2-users-lookup.json")
        XCTAssertEqual(users.recognisedAs, "Twitter API v2 users lookup (nothing to ingest)")
        XCTAssertEqual(users.platformErrors.map(\.isWholeResponse), [false])
        let deleted = try F.read(json: #"{"data":{"deleted":true}}"#)
        let hidden = try F.read(json: #"{"data":{"hidden":true}}"#)
        XCTAssertEqual(deleted.recognisedAs, "Twitter API v2 action acknowledgement (nothing to ingest)")
        for batch in [counts, users, deleted, hidden] {
            XCTAssertEqual(batch.recordsRead, 0)
            XCTAssertEqual(batch.events, [])
            XCTAssertEqual(batch.rejections, [])
        }
    }

    func testAnEmptyCountsPageIsStillACountsPage() throws {
        let batch = try F.read(json: #"{"meta":{"total_tweet_count":0}}"#)
        XCTAssertEqual(batch.recognisedAs, "Twitter API v2 tweet counts (nothing to ingest)")
    }

    func testGraphStylePagesAreNotTakenForTwitter() {
        let insights = JSONValue.object(["data": .array([.object(["name": .string("page_impressions"), "id": .string("1/insights")])])])
        XCTAssertFalse(TwitterNormaliser.recognises(insights))
        XCTAssertFalse(TwitterNormaliser.recognises(.object(["data": .array([])])))
        XCTAssertFalse(TwitterV1Normaliser.recognises(.object(["error": .object(["message": .string("x"), "code": .number(100)])])))
    }
}
