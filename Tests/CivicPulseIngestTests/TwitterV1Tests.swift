import CivicPulseCore
import Foundation
@testable import CivicPulseIngest
import XCTest

final class TwitterV1Tests: XCTestCase {
    typealias F = TwitterFixtures

    func testMentionsTimelineClassifiesFromTheCouncilsPointOfView() throws {
        let batch = try F.read("v1-mentions-timeline.json")
        XCTAssertEqual(batch.recognisedAs, "Twitter API v1.1 statuses (3)")
        XCTAssertEqual(batch.rejections, [])

        let binReply = try XCTUnwrap(F.event(batch, "2028411288941498514"))
        XCTAssertEqual(binReply.kind, .inboundMessage)
        XCTAssertEqual(binReply.account, "harbourside_twitter")
        XCTAssertEqual(binReply.service, "waste", "routed by keyword on the central account")
        XCTAssertEqual(binReply.actorHash, F.hash(F.annID))
        XCTAssertEqual(binReply.parentID, "2028398655697850514")
        XCTAssertEqual(binReply.occurredAt, F.date("2026-03-02T10:05:12Z"))
        XCTAssertEqual(binReply.url, "https://x.com/ann_harbour/status/2028411288941498514")

        // Starts with @HarbourLibraries but replies to no tweet: a new conversation, to the libraries account.
        let libraryQuestion = try XCTUnwrap(F.event(batch, "2028432629560250514"))
        XCTAssertEqual(libraryQuestion.kind, .inboundMessage)
        XCTAssertEqual(libraryQuestion.account, "libraries_twitter")
        XCTAssertEqual(libraryQuestion.service, "libraries")
        XCTAssertEqual(libraryQuestion.conversationID, "2028432629560250514")
        XCTAssertNil(libraryQuestion.parentID)
        XCTAssertNil(libraryQuestion.addresseeHash)
    }

    /// Premium and enterprise search wrap ordinary v1.1 statuses in `results`, with `next` for
    /// the page after: read as the statuses they are (the file was refused as of no known kind).
    func testAPremiumSearchPageIsReadAsItsStatuses() throws {
        let status = { (id: String, text: String) in
            #"{"created_at":"Mon Nov 16 09:00:00 +0000 2026","id_str":"\#(id)","text":"\#(text)","in_reply_to_status_id_str":null,"user":{"id_str":"\#(F.annID)","screen_name":"ann_h","name":"Ann"},"entities":{"user_mentions":[{"screen_name":"HarboursideCC","id_str":"\#(F.councilID)"}]}}"#
        }
        let page = #"{"results":[\#(status("2028440179307450601", "@HarboursideCC bins missed on Elm Rd")),\#(status("2028440179307450602", "@HarboursideCC and again"))],"next":"eyJtYXhJZCI6MX0=","requestParameters":{"maxResults":100,"fromDate":"202611160000","toDate":"202611230000"}}"#
        let batch = try F.read(json: page)
        XCTAssertEqual(batch.recognisedAs, "Twitter premium/enterprise search page (2 statuses, more pages follow)")
        XCTAssertEqual(batch.events.map(\.sourceID), ["2028440179307450601", "2028440179307450602"])
        XCTAssertEqual(batch.events.map(\.kind), [.inboundMessage, .inboundMessage])
        XCTAssertEqual(batch.rejections, [])

        let empty = try F.read(json: #"{"results":[],"requestParameters":{"maxResults":100}}"#)
        XCTAssertEqual([empty.recordsRead, empty.rejections.count], [0, 0], "an empty page is recognised, not refused")
    }

    func testARetweetIsAShareAndTheEmbeddedOriginalIsReadOnce() throws {
        let batch = try F.read("v1-mentions-timeline.json")
        XCTAssertEqual(batch.recordsRead, 4)
        let retweet = try XCTUnwrap(F.event(batch, "2028440179307450514"))
        XCTAssertEqual(retweet.kind, .share)
        XCTAssertEqual(retweet.account, "harbourside_twitter")
        XCTAssertEqual(retweet.details["retweeted_id"], .string("2028398655697850514"))
        let original = try XCTUnwrap(F.event(batch, "2028398655697850514"))
        XCTAssertEqual(original.kind, .post)
        XCTAssertTrue(original.actorIsOrg)
        XCTAssertEqual(batch.events.filter { $0.sourceID == "2028398655697850514" }.count, 1)
        // The reply to the embedded post finds its root in the same payload.
        XCTAssertEqual(F.event(batch, "2028411288941498514")?.conversationID, "2028398655697850514")
    }

    func testAReplyChainInThePayloadSharesItsRootAsConversationAndRepliesAnswerTheResident() throws {
        let batch = try F.read("v1-statuses-lookup-conversation.json")
        let root = "2028425079813050514"
        let chain = ["2028425079813050514", "2028432629560250514", "2028440179307450514", "2028455278801850514"]
        XCTAssertEqual(chain.map { F.event(batch, $0)?.conversationID }, Array(repeating: root, count: 4))
        XCTAssertEqual(chain.map { F.event(batch, $0)?.kind }, [.inboundMessage, .reply, .inboundMessage, .reply])

        let answer = try XCTUnwrap(F.event(batch, "2028455278801850514"))
        XCTAssertEqual(answer.addresseeHash, F.hash(F.annID))
        XCTAssertEqual(answer.service, "customer_services", "the author's own service, not keyword routing")
        XCTAssertTrue(answer.actorIsOrg)
        XCTAssertEqual(answer.parentID, "2028440179307450514")
    }

    func testWhenTheChainLeavesThePayloadTheConversationIsTheRepliedToStatus() throws {
        let batch = try F.read("v1-statuses-lookup-conversation.json")
        let threadContinuation = try XCTUnwrap(F.event(batch, "2028470378296250514"))
        XCTAssertEqual(threadContinuation.kind, .post, "the council answering itself is a thread, not a reply")
        XCTAssertEqual(threadContinuation.conversationID, "2028398655697850514")
    }

    func testTheResponseMatcherPairsV1QuestionsWithTheirAnswers() throws {
        let batch = try F.read("v1-statuses-lookup-conversation.json")
        let items = ResponseMatcher.items(for: F.messages(batch))
        let answered = items.filter { $0.response != nil }.compactMap(batch.sourceID(of:)).sorted()
        XCTAssertEqual(answered, ["2028425079813050514", "2028440179307450514"])
    }

    func testSearchPageReadsFullTextAndSaysMorePagesFollow() throws {
        let batch = try F.read("v1-search-tweets.json")
        XCTAssertEqual(batch.recognisedAs, "Twitter API v1.1 search/tweets page (2 statuses, more pages follow)")
        let walk = try XCTUnwrap(F.event(batch, "2028742169195450514"))
        XCTAssertEqual(walk.kind, .mention)
        XCTAssertEqual(walk.account, "unknown")
        XCTAssertEqual(walk.service, "unassigned")
        XCTAssertEqual(walk.text, "Lovely walk along the Harbourside prom this morning, the new benches are great")
        XCTAssertEqual(walk.occurredAt, F.date("2026-03-03T08:00:00Z"))
    }

    func testASingleStatusKeepsItsLongIdExactlyAndItsCounts() throws {
        let batch = try F.read("v1-status-show.json")
        XCTAssertEqual(batch.recognisedAs, "Twitter API v1.1 status")
        let post = try XCTUnwrap(batch.events.first)
        XCTAssertEqual(post.sourceID, "2028398655697850514", "id_str, not the numeric id that lost digits")
        XCTAssertEqual(post.kind, .post)
        XCTAssertEqual(post.details["public_metrics"], .object(["retweet_count": .number(4), "like_count": .number(12)]))
        XCTAssertEqual(post.occurredAt, F.date("2026-03-02T09:15:00Z"))
    }

    func testBadStatusesAreQuarantinedWithFieldAndTheRestLands() throws {
        let batch = try F.read("v1-statuses-bad-records.json")
        XCTAssertEqual(batch.events.map(\.sourceID), ["2028411288941498514"])
        XCTAssertEqual(batch.rejections.map(\.recordPath), ["[1]", "[2]"])
        XCTAssertEqual(batch.rejections.map(\.field), ["created_at", "user"])
        XCTAssertEqual(batch.rejections.first?.recordID, "2028432629560250514")
    }

    func testLegacyErrorBodiesArePlatformErrorsNotData() throws {
        let codes = try F.read("v1-error-codes.json")
        XCTAssertEqual(codes.recognisedAs, "Twitter API v1.1 error response")
        XCTAssertEqual(codes.platformErrors.map(\.message), ["Twitter error 88: Rate limit exceeded"])
        XCTAssertEqual(codes.platformErrors.map(\.isWholeResponse), [true])
        XCTAssertEqual(codes.recordsRead, 0)

        let request = try F.read("v1-error-request.json")
        XCTAssertEqual(request.platformErrors.map(\.message), ["Twitter error: Not authorized. (/1.1/statuses/user_timeline.json)"])
        XCTAssertEqual(request.rejections, [])
    }

    func testV1AndV2ClassifyTheSameTweetTheSameWay() throws {
        let v1 = try F.read("v1-statuses-lookup-conversation.json")
        let v2 = try F.read("v2-search-replies.json")
        // The same question and answer, as v1.1 statuses and as v2 tweets.
        for (v1ID, v2ID) in [("2028425079813050514", "2028425079813050514"), ("2028432629560250514", "2028432629560250514")] {
            let old = try XCTUnwrap(F.event(v1, v1ID)), new = try XCTUnwrap(F.event(v2, v2ID))
            XCTAssertEqual(old.kind, new.kind)
            XCTAssertEqual(old.account, new.account)
            XCTAssertEqual(old.addresseeHash, new.addresseeHash)
            XCTAssertEqual(old.conversationID, new.conversationID)
            XCTAssertEqual(old.eventID, new.eventID, "the same tweet is the same event whichever API it came from")
        }
    }

    func testAnEmptyTimelineIsRecognisedAndReadsNothing() throws {
        let batch = try F.read(json: "[]")
        XCTAssertEqual(batch.recordsRead, 0)
        XCTAssertEqual(batch.recognisedAs, "Twitter API v1.1 statuses (0)")
    }
}
