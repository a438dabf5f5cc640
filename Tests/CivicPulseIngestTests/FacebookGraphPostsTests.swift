import CivicPulseCore
import XCTest
@testable import CivicPulseIngest

/// Graph API posts: a Page's `/posts` and `/feed`, with comments nested in them.
final class FacebookGraphPostsTests: XCTestCase {
    typealias F = FacebookFixtures

    func testPostsListedWithoutAnAuthorAreThePagesOwn() throws {
        let batch = try F.read("page-posts.json")
        let post = try F.event(batch, "110000000000001_200000000000001")
        XCTAssertEqual(post.kind, .post)
        XCTAssertTrue(post.actorIsOrg)
        XCTAssertEqual(post.account, "harbourside_facebook")
        XCTAssertEqual(post.service, "customer_services", "the Page's own post is not routed by keyword")
        XCTAssertEqual(post.occurredAt, F.date("2026-03-02T08:00:00Z"))
        XCTAssertEqual(post.url, "https://www.facebook.com/110000000000001_200000000000001")
    }

    func testASharedStoryIsAShareOfItsParentPost() throws {
        let share = try F.event(try F.read("page-posts.json"), "110000000000001_200000000000002")
        XCTAssertEqual(share.kind, .share)
        XCTAssertEqual(share.parentID, "110000000000002_200000000000050")
        XCTAssertEqual(share.occurredAt, F.date("2026-03-02T13:00:00Z"))
    }

    func testAPostFetchedWithoutItsTimeIsDatedWhenFetchedAndFlagged() throws {
        let batch = try F.read("page-posts.json")
        XCTAssertEqual(batch.recordsRead, 3)
        XCTAssertEqual(batch.events.count, 3)
        XCTAssertTrue(batch.rejections.isEmpty)
        let undated = try XCTUnwrap(batch.events.last { $0.details["time_observed"] != nil })
        XCTAssertEqual(undated.occurredAt, F.observedAt)
    }

    func testAPostWithAnUnreadableTimeIsQuarantined() throws {
        let json = #"{"data": [{"id": "110000000000001_200000000000099", "created_time": "last Tuesday", "message": "Hello"}]}"#
        let batch = try F.read(json: json)
        XCTAssertEqual(batch.events.count, 0)
        XCTAssertEqual(batch.rejections.first?.field, "created_time")
    }

    func testAVisitorPostIsAnInboundMessageRoutedByItsText() throws {
        let post = try F.event(try F.read("page-feed-nested-comments.json"), "110000000000001_200000000000020")
        XCTAssertEqual(post.kind, .inboundMessage)
        XCTAssertFalse(post.actorIsOrg)
        XCTAssertEqual(post.actorHash, F.hash(F.alex))
        XCTAssertEqual(post.account, "harbourside_facebook")
        XCTAssertEqual(post.service, "highways")
        XCTAssertEqual(post.conversationID, "110000000000001_200000000000020")
    }

    func testThePagesCommentOnAVisitorPostAnswersItsAuthor() throws {
        let batch = try F.read("page-feed-nested-comments.json")
        let reply = try F.event(batch, "200000000000020_300000000000020")
        XCTAssertEqual(reply.kind, .reply)
        XCTAssertEqual(reply.conversationID, "110000000000001_200000000000020")
        XCTAssertEqual(reply.parentID, "110000000000001_200000000000020")
        XCTAssertEqual(reply.addresseeHash, F.hash(F.alex))
        let items = F.responseItems(batch.events).filter { $0.conversationKey == "facebook:110000000000001_200000000000020" }
        XCTAssertEqual(items.count, 1)
        XCTAssertEqual(items.first?.responseSeconds, 4800) // 08:00 → 09:20
    }

    func testAReplyNestedUnderACommentJoinsThatCommentsThread() throws {
        let thanks = try F.event(try F.read("page-feed-nested-comments.json"), "200000000000020_300000000000021")
        XCTAssertEqual(thanks.kind, .comment)
        XCTAssertEqual(thanks.conversationID, "200000000000020_300000000000020")
        XCTAssertEqual(thanks.parentID, "200000000000020_300000000000020")
        XCTAssertEqual(thanks.occurredAt, F.date("2026-03-03T10:00:00Z"))
    }

    func testAnotherOrgPagesPostOnTheFeedIsThatPagesPost() throws {
        let post = try F.event(try F.read("page-feed-nested-comments.json"), "110000000000001_200000000000021")
        XCTAssertEqual(post.kind, .post)
        XCTAssertEqual(post.account, "libraries_facebook", "matched by the Page's name as its handle")
        XCTAssertEqual(post.service, "libraries")
    }

    func testNestedCommentsSummaryIsASnapshotOfThePost() throws {
        let batch = try F.read("page-feed-nested-comments.json")
        XCTAssertEqual(F.kinds(batch), [.inboundMessage: 1, .reply: 1, .comment: 1, .post: 1, .metricSnapshot: 1])
        let snapshot = try F.event(batch, "110000000000001_200000000000020:comments=2")
        XCTAssertEqual(snapshot.details["value"], .number(2))
        XCTAssertEqual(snapshot.occurredAt, F.observedAt)
    }

    func testPostsOfAPageNotInTheConfigAreMentions() throws {
        let json = """
            {"data":[{"id":"999_123","message":"Our shop is open","created_time":"2026-03-02T08:00:00+0000"}],
             "paging":{"next":"https://graph.facebook.com/v19.0/999/posts?until=1"}}
            """
        let batch = try F.read(json: json)
        XCTAssertEqual(batch.recognisedAs, "Facebook Graph API list")
        let event = try XCTUnwrap(batch.events.first)
        XCTAssertEqual(event.kind, .mention)
        XCTAssertEqual(event.account, "unknown")
        XCTAssertFalse(event.actorIsOrg)
    }

    func testAPostThatTagsAnOrgPageIsAddressedToIt() throws {
        let json = """
            {"id":"999_124","from":{"id":"42","name":"Someone"},"message":"Harbourside Libraries is the storytime on?",
             "message_tags":[{"id":"110000000000002","name":"Harbourside Libraries","type":"page","offset":0,"length":21}],
             "created_time":"2026-03-02T08:00:00+0000"}
            """
        let event = try XCTUnwrap(try F.read(json: json).events.first)
        XCTAssertEqual(event.kind, .inboundMessage)
        XCTAssertEqual(event.account, "libraries_facebook")
        XCTAssertEqual(event.service, "libraries")
    }
}
