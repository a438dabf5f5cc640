import CivicPulseCore
import XCTest
@testable import CivicPulseIngest

/// Page webhook deliveries: feed changes, reactions and mentions.
final class FacebookWebhookTests: XCTestCase {
    typealias F = FacebookFixtures

    func testCommentAddReadsTheSameInBothWebhookGenerations() throws {
        let current = try XCTUnwrap(try F.read("webhook-comment-add.json").events.first)
        XCTAssertEqual(current.kind, .comment)
        XCTAssertEqual(current.actorHash, F.hash(F.alex))
        XCTAssertEqual(current.occurredAt, F.date("2026-03-02T09:15:00Z"), "created_time, not the delivery's time")
        XCTAssertEqual(current.conversationID, "200000000000001_300000000000001")
        XCTAssertEqual(current.parentID, "110000000000001_200000000000001")
        XCTAssertEqual(current.service, "waste")

        let older = try F.read("webhook-comment-add-v25-photo.json")
        XCTAssertEqual(older.recognisedAs, "Facebook Page webhook delivery")
        let comment = try XCTUnwrap(older.events.first)
        XCTAssertEqual(comment.kind, .comment)
        XCTAssertEqual(comment.actorHash, F.hash(F.bea), "sender_id arrives as a number")
        XCTAssertEqual(comment.details["attachment"], .string("photo"))
        XCTAssertEqual(comment.service, "libraries")
    }

    func testFeedChangesKeepEveryEditRemovalAndHideAsEventsOfTheirOwn() throws {
        let batch = try F.read("webhook-feed-changes.json")
        XCTAssertEqual(batch.recordsRead, 9)
        XCTAssertEqual(F.kinds(batch), [.reply: 1, .edit: 1, .reaction: 1, .post: 1, .hide: 1, .delete: 3])

        let edit = try F.event(batch, "200000000000001_300000000000001:edited@1772449531")
        XCTAssertEqual(edit.parentID, "200000000000001_300000000000001")
        XCTAssertEqual(edit.occurredAt, F.date("2026-03-02T11:05:31Z"), "dated by the entry: when it changed")
        XCTAssertEqual(edit.text, "Our bin on Elm Road was missed again this week (number 14)")
        XCTAssertEqual(edit.conversationID, "200000000000001_300000000000001")

        let hide = try F.event(batch, "200000000000005_300000000000050:hide@1772452800")
        XCTAssertEqual(hide.kind, .hide)
        XCTAssertEqual(hide.parentID, "200000000000005_300000000000050")

        let removed = try F.event(batch, "200000000000005_300000000000051:remove@1772452800")
        XCTAssertEqual(removed.kind, .delete)
        XCTAssertEqual(removed.occurredAt, F.date("2026-03-02T12:00:00Z"), "a removal has no created_time")

        let postRemoved = try F.event(batch, "110000000000001_200000000000004:remove@1772452800")
        XCTAssertEqual(postRemoved.kind, .delete)
        XCTAssertTrue(postRemoved.actorIsOrg, "from.id arrives as a number")
    }

    func testThePagesStatusIsAPost() throws {
        let post = try F.event(try F.read("webhook-feed-changes.json"), "110000000000001_200000000000005")
        XCTAssertEqual(post.kind, .post)
        XCTAssertEqual(post.occurredAt, F.date("2026-03-02T11:59:50Z"))
        XCTAssertEqual(post.details["published"], .bool(true))
    }

    func testAWebhookReplyIsAddressedToTheAuthorOfTheCommentItAnswers() throws {
        let reply = try F.event(try F.read("webhook-feed-changes.json"), "200000000000001_300000000000003")
        XCTAssertEqual(reply.kind, .reply)
        XCTAssertEqual(reply.conversationID, "200000000000001_300000000000001")
        XCTAssertEqual(reply.parentID, "200000000000001_300000000000001")
        XCTAssertEqual(reply.addresseeHash, F.hash(F.alex), "the parent's author, from its edit in the same delivery")
    }

    func testAWebhookReplyWhoseParentIsElsewhereAnswersTheWholeThread() throws {
        let batch = try F.read("webhook-comment-add.json")
        let reply = """
            {"object":"page","entry":[{"id":"110000000000001","time":1772449531,"changes":[{"field":"feed","value":
             {"item":"comment","verb":"add","comment_id":"200000000000001_300000000000003","post_id":"110000000000001_200000000000001",
              "parent_id":"200000000000001_300000000000001","from":{"id":"110000000000001","name":"Harbourside Borough Council"},
              "created_time":1772449530,"message":"A crew will return tomorrow."}}]}]}
            """
        let answer = try XCTUnwrap(try F.read(json: reply).events.first)
        XCTAssertNil(answer.addresseeHash)
        let items = F.responseItems(batch.events + [answer])
        XCTAssertEqual(items.count, 1)
        XCTAssertEqual(items.first?.responseSeconds, 6630)
    }

    func testReactionsAreKeyedByPersonWithoutStoringTheirID() throws {
        let batch = try F.read("webhook-feed-changes.json")
        let reactions = batch.events.filter { $0.sourceType == "reaction" }
        XCTAssertEqual(reactions.count, 2)
        let added = try XCTUnwrap(reactions.first { $0.kind == .reaction })
        let removed = try XCTUnwrap(reactions.first { $0.kind == .delete })
        XCTAssertEqual(added.parentID, "200000000000001_300000000000003", "the comment reacted to")
        XCTAssertEqual(added.details["reaction_type"], .string("love"))
        XCTAssertEqual(added.occurredAt, F.date("2026-03-02T11:06:40Z"))
        XCTAssertEqual(removed.parentID, added.details["reaction_key"]?.stringValue, "taking it back points at the reaction")
        XCTAssertEqual(added.details["reaction_key"], removed.details["reaction_key"])
        XCTAssertNotEqual(added.eventID, removed.eventID)
        for event in reactions {
            XCTAssertFalse(event.sourceID.contains(F.alex))
            XCTAssertEqual(event.actorHash, F.hash(F.alex))
        }
    }

    func testUnknownChangeFieldsAreCountedAsIgnoredAndABadChangeIsQuarantined() throws {
        let batch = try F.read("webhook-feed-changes.json")
        XCTAssertEqual(batch.recognisedAs, "Facebook Page webhook delivery; ignored: 1 ratings changes")
        XCTAssertEqual(batch.rejections.count, 1)
        let rejection = try XCTUnwrap(batch.rejections.first)
        XCTAssertEqual(rejection.recordPath, "entry[0].changes[3]")
        XCTAssertEqual(rejection.field, "comment_id")
        XCTAssertEqual(rejection.reason, "missing")
    }

    func testMentionsAreInboundMessagesToTheMentionedPage() throws {
        let batch = try F.read("webhook-mention.json")
        XCTAssertEqual(F.kinds(batch), [.inboundMessage: 2])
        let post = try F.event(batch, "120000000000009_200000000000090")
        XCTAssertEqual(post.account, "harbourside_facebook")
        XCTAssertEqual(post.service, "highways")
        XCTAssertNil(post.actorHash, "the mention webhook does not say who wrote it")
        XCTAssertEqual(post.occurredAt, F.date("2026-03-03T08:45:10Z"))
        let comment = try F.event(batch, "200000000000090_300000000000090")
        XCTAssertEqual(comment.sourceType, "comment")
        XCTAssertEqual(comment.service, "waste")
        XCTAssertEqual(comment.parentID, "120000000000009_200000000000090")
    }

    func testJSONLinesOfDeliveriesLandLineByLine() throws {
        let batch = try F.read("webhooks.jsonl")
        XCTAssertEqual(batch.recognisedAs, "\(FacebookNormaliser.displayName) JSON Lines")
        XCTAssertEqual(F.kinds(batch), [.comment: 2])
        XCTAssertEqual(batch.rejections.map(\.recordPath), ["line 3"])
        XCTAssertEqual(batch.platformErrors.count, 1)
        XCTAssertTrue(batch.platformErrors[0].message.contains("#190"))
    }

    func testABadChangeInsideAJSONLinesFileNamesItsLine() throws {
        let text = """
            {"object":"page","entry":[{"id":"110000000000001","time":1772442905,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"1_2","from":{"id":"42"},"created_time":1772442900}}]}]}
            {"object":"page","entry":[{"id":"110000000000001","time":1772442905,"changes":[{"field":"feed","value":{"item":"comment","verb":"shout","comment_id":"1_3","from":{"id":"42"}}}]}]}
            """
        let batch = try F.read(json: text)
        XCTAssertEqual(batch.events.count, 1)
        XCTAssertEqual(batch.rejections.first?.recordPath, "line 2 entry[0].changes[0]")
        XCTAssertEqual(batch.rejections.first?.field, "verb")
    }
}
