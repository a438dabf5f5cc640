import CivicPulseCore
import XCTest
@testable import CivicPulseIngest

/// Visitor posts (`/{page}/visitor_posts`, `/{page}/tagged`): the resident's post awaits the
/// council, and so does its author's follow-up or a comment tagging the Page; other residents
/// talking under it await nothing (docs/response-matching.md).
final class FacebookVisitorPostTests: XCTestCase {
    typealias F = FacebookFixtures

    func testOnlyWhatIsAddressedToThePageAwaitsTheCouncil() throws {
        let batch = try F.read("visitor-posts-residents-talking.json")
        XCTAssertEqual(batch.rejections, [])
        let kinds = ["110000000000001_200000000000070", "200000000000070_300000000000071", "200000000000070_300000000000072",
                     "200000000000070_300000000000073", "200000000000070_300000000000074", "200000000000070_300000000000075"]
            .map { id in batch.events.first { $0.sourceID == id }?.kind }
        XCTAssertEqual(kinds, [.inboundMessage, .mention, .mention, .comment, .comment, .reply])
        XCTAssertEqual(try F.event(batch, "200000000000070_300000000000071").account, "harbourside_facebook", "still counted as the Page's traffic")
    }

    func testResidentsTalkingAmongThemselvesOpenNoItem() throws {
        let batch = try F.read("visitor-posts-residents-talking.json")
        let items = ResponseMatcher.items(for: batch.conversationMessages)
        let waiting = Set(items.compactMap(batch.sourceID(of:)))
        XCTAssertEqual(waiting, ["110000000000001_200000000000070", "200000000000070_300000000000073", "200000000000070_300000000000074"])
        let post = try XCTUnwrap(items.first { batch.sourceID(of: $0) == "110000000000001_200000000000070" })
        XCTAssertEqual(post.responseSeconds, 3600, "the Page's comment answers Alex's visitor post")
    }
}
