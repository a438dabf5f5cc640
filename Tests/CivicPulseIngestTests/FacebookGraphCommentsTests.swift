import CivicPulseCore
import XCTest
@testable import CivicPulseIngest

/// Graph API comments: edge pages, `?ids=` lookups and single comments.
final class FacebookGraphCommentsTests: XCTestCase {
    typealias F = FacebookFixtures

    func testCommentStreamTellsResidentsFromThePagesReplies() throws {
        let batch = try F.read("post-comments-stream.json")
        XCTAssertEqual(batch.recordsRead, 8)
        XCTAssertEqual(F.kinds(batch), [.comment: 4, .reply: 3])
        for id in ["300000000000001", "300000000000002", "300000000000004", "300000000000005"] {
            let event = try F.event(batch, "200000000000001_\(id)")
            XCTAssertEqual(event.kind, .comment, id)
            XCTAssertFalse(event.actorIsOrg, id)
            XCTAssertEqual(event.account, "harbourside_facebook", id)
        }
        let reply = try F.event(batch, "200000000000001_300000000000003")
        XCTAssertEqual(reply.kind, .reply)
        XCTAssertTrue(reply.actorIsOrg)
        XCTAssertEqual(reply.actorHash, F.hash(F.harboursidePage))
        XCTAssertEqual(reply.occurredAt, F.date("2026-03-02T11:05:30Z"))
    }

    func testABadCommentIsQuarantinedWithItsFieldAndTheRestLand() throws {
        let batch = try F.read("post-comments-stream.json")
        XCTAssertEqual(batch.rejections.count, 1)
        let rejection = try XCTUnwrap(batch.rejections.first)
        XCTAssertEqual(rejection.recordPath, "data[7]")
        XCTAssertEqual(rejection.recordIndex, 7)
        XCTAssertEqual(rejection.recordID, "200000000000001_300000000000008")
        XCTAssertEqual(rejection.field, "created_time")
        XCTAssertEqual(batch.events.count, 7)
    }

    func testRepliesJoinTheThreadOfTheCommentTheyAnswer() throws {
        let batch = try F.read("post-comments-stream.json")
        let alexThread = "200000000000001_300000000000001"
        let beaThread = "200000000000001_300000000000002"
        let expected = [
            "300000000000001": alexThread, "300000000000003": alexThread, "300000000000005": alexThread, "300000000000006": alexThread,
            "300000000000002": beaThread, "300000000000004": beaThread, "300000000000007": beaThread,
        ]
        for (id, thread) in expected {
            XCTAssertEqual(try F.event(batch, "200000000000001_\(id)").conversationID, thread, id)
        }
        // A top-level comment's parent is the post, named with its Page from the paging URL.
        XCTAssertEqual(try F.event(batch, alexThread).parentID, "110000000000001_200000000000001")
        XCTAssertEqual(try F.event(batch, "200000000000001_300000000000005").parentID, alexThread)
    }

    func testPageReplyIsAddressedToTheTaggedResidentElseTheThreadsAuthor() throws {
        let batch = try F.read("post-comments-stream.json")
        XCTAssertEqual(try F.event(batch, "200000000000001_300000000000003").addresseeHash, F.hash(F.alex))
        XCTAssertEqual(try F.event(batch, "200000000000001_300000000000006").addresseeHash, F.hash(F.cal), "tagged")
        XCTAssertEqual(try F.event(batch, "200000000000001_300000000000007").addresseeHash, F.hash(F.bea))
        XCTAssertNil(try F.event(batch, "200000000000001_300000000000001").addresseeHash)
    }

    func testResponseTimesAreMeasuredPerResidentPerThread() throws {
        let items = F.responseItems(try F.read("post-comments-stream.json").events)
        XCTAssertEqual(items.count, 3)
        func item(_ resident: String) throws -> ResponseItem {
            try XCTUnwrap(items.first { $0.residentHash == F.hash(resident) })
        }
        XCTAssertEqual(try item(F.alex).responseSeconds, 6630) // 09:15:00 → 11:05:30
        XCTAssertEqual(try item(F.cal).responseSeconds, 73_800) // 12:30 → next day 09:00, answered by tag
        let bea = try item(F.bea)
        XCTAssertEqual(bea.messageCount, 2)
        XCTAssertEqual(bea.responseSeconds, 79_510) // timed from her first comment
        XCTAssertEqual(bea.service, "libraries")
    }

    func testCentralPageRoutesResidentsByKeywordAndRepliesKeepThePagesService() throws {
        let batch = try F.read("post-comments-stream.json")
        XCTAssertEqual(try F.event(batch, "200000000000001_300000000000001").service, "waste")
        XCTAssertEqual(try F.event(batch, "200000000000001_300000000000002").service, "libraries")
        XCTAssertEqual(try F.event(batch, "200000000000001_300000000000005").service, "unassigned")
        XCTAssertEqual(try F.event(batch, "200000000000001_300000000000003").service, "customer_services")
    }

    func testCommentWithoutAnIDTakesItFromItsPermalink() throws {
        let event = try F.event(try F.read("post-comments-stream.json"), "200000000000001_300000000000002")
        XCTAssertEqual(event.occurredAt, F.date("2026-03-02T10:40:00Z"))
        XCTAssertEqual(event.text, "Is the library open on Saturday?")
        XCTAssertEqual(event.url, "https://www.facebook.com/110000000000001/posts/200000000000001/?comment_id=300000000000002")
    }

    func testNoRawUserIDsOrNamesAreStored() throws {
        let batch = try F.read("post-comments-stream.json")
        for event in batch.events {
            let stored = [event.sourceID, event.conversationID ?? "", event.parentID ?? "", event.details.jsonText].joined(separator: " ")
            for secret in [F.alex, F.bea, F.cal, "Alex Resident", "Bea Resident", "Cal Resident"] {
                XCTAssertFalse(stored.contains(secret), "\(event.sourceID) stores \(secret)")
            }
        }
    }

    func testIdsLookupReadsEachCommentAndKeepsOneWithoutAnAuthorFlagged() throws {
        let batch = try F.read("comments-by-ids.json")
        XCTAssertEqual(batch.recognisedAs, "Facebook Graph API ids lookup")
        XCTAssertEqual(batch.recordsRead, 2)
        let comment = try F.event(batch, "200000000000001_300000000000010")
        XCTAssertEqual(comment.kind, .comment)
        XCTAssertEqual(comment.account, "harbourside_facebook", "the permalink's vanity name is the Page's handle")
        XCTAssertEqual(comment.occurredAt, F.date("2026-03-03T10:00:00Z"))
        XCTAssertTrue(batch.rejections.isEmpty)
        let anonymous = try F.event(batch, "200000000000001_300000000000011")
        XCTAssertEqual(anonymous.kind, .comment, "Graph left `from` out: kept, not lost")
        XCTAssertNil(anonymous.actorHash)
        XCTAssertFalse(anonymous.actorIsOrg)
        XCTAssertEqual(anonymous.details["author_unknown"], .bool(true))
    }

    func testThePagesOwnCommentIsAReplyInThePostsConversation() throws {
        let batch = try F.read("comment-page-reply.json")
        XCTAssertEqual(batch.recognisedAs, "Facebook Graph API object")
        let event = try F.event(batch, "200000000000001_300000000000030")
        XCTAssertEqual(event.kind, .reply)
        XCTAssertEqual(event.account, "harbourside_facebook")
        XCTAssertEqual(event.conversationID, "200000000000001")
        XCTAssertNil(event.addresseeHash, "answers everyone waiting on the post")
        XCTAssertEqual(batch.events.count, 1, "the nested likes list is not a set of events")
    }

    func testResidentsCommentWithAPhoto() throws {
        let event = try F.event(try F.read("comment-resident-photo.json"), "200000000000001_300000000000040")
        XCTAssertEqual(event.kind, .comment)
        XCTAssertEqual(event.service, "waste")
        XCTAssertEqual(event.actorHash, F.hash(F.bea))
        XCTAssertEqual(event.details["attachment"], .string("photo"))
        XCTAssertEqual(event.occurredAt, F.date("2026-03-02T16:20:00Z"))
    }

    func testCommentOnAPageTheConfigDoesNotKnowIsAMention() throws {
        let json = """
            {"id":"700_800","from":{"id":"42","name":"Someone"},"message":"Nice","created_time":"2026-03-02T10:00:00+0000",
             "permalink_url":"https://www.facebook.com/999/posts/700/?comment_id=800"}
            """
        let event = try XCTUnwrap(try F.read(json: json).events.first)
        XCTAssertEqual(event.kind, .mention)
        XCTAssertEqual(event.account, "unknown")
    }

    func testResidentCommentWhosePageCannotBeToldStillAwaitsAnAnswer() throws {
        let json = """
            {"id":"700_800","from":{"id":"42"},"message":"Hello?","created_time":"2026-03-02T10:00:00+0000","like_count":0}
            """
        let event = try XCTUnwrap(try F.read(json: json).events.first)
        XCTAssertEqual(event.kind, .comment)
        XCTAssertEqual(event.account, "unknown")
        XCTAssertEqual(event.service, "unassigned")
    }
}
