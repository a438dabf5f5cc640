import CivicPulseCore
import Foundation
@testable import CivicPulseIngest
import XCTest

/// v2 replies from a collector that did not request `in_reply_to_user_id`: `replied_to` marks the
/// reply, and the replied-to tweet's author in `includes.tweets` is whom it answers.
final class TwitterV2ReplyTests: XCTestCase {
    typealias F = TwitterFixtures

    func testARepliedToReferenceMakesTheOrgTweetAReplyToTheIncludedTweetsAuthor() throws {
        let batch = try F.read("v2-replies-without-reply-to-user.json")
        XCTAssertEqual(batch.rejections, [])
        let toAnn = try XCTUnwrap(F.event(batch, "2028500000000000104"))
        XCTAssertEqual(toAnn.kind, .reply)
        XCTAssertEqual(toAnn.addresseeHash, F.hash(F.annID))
        XCTAssertEqual(toAnn.parentID, "2028500000000000101")
        XCTAssertEqual(F.event(batch, "2028500000000000105")?.addresseeHash, F.hash(F.bobID))
    }

    func testBothResidentsAreAnsweredWithTheirResponseTimes() throws {
        let batch = try F.read("v2-replies-without-reply-to-user.json")
        let items = ResponseMatcher.items(for: F.messages(batch)).sorted { $0.openedAt < $1.openedAt }
        XCTAssertEqual(items.map(\.responseSeconds), [2400, 1800], "Ann answered after 40 minutes, Bob after 30")
    }

    func testAnOrgTweetAnsweringTheOrgsOwnTweetIsAThreadNotAReply() throws {
        let batch = try F.read("v2-replies-without-reply-to-user.json")
        XCTAssertEqual(F.event(batch, "2028500000000000106")?.kind, .post)
    }

    func testAReplyWhoseRepliedToTweetIsNotIncludedIsAReplyToNobodyKnown() throws {
        let batch = try F.read("v2-replies-without-reply-to-user.json")
        let reply = try XCTUnwrap(F.event(batch, "2028500000000000107"))
        XCTAssertEqual(reply.kind, .reply)
        XCTAssertNil(reply.addresseeHash)
        XCTAssertEqual(reply.parentID, "2028500000000000095")
    }
}
