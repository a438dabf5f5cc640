@testable import CivicPulseCore
import XCTest

final class ConversationLinksTests: XCTestCase {
    private typealias Link = ConversationLinks.Link

    /// Q <- R1 <- F <- R2 read as {R1, R2} and {Q, F}: each file names only the next id up, and
    /// the links of both lead every message to Q, in whatever order they come.
    func testAChainSplitAcrossTwoFilesHasOneRootWhateverTheOrder() {
        let councilsFile = ConversationLinks.links(kind: .reply, sourceID: "11", conversationID: "10", parentID: "10")
            + ConversationLinks.links(kind: .reply, sourceID: "13", conversationID: "12", parentID: "12")
        let residentsFile = ConversationLinks.links(kind: .inboundMessage, sourceID: "10", conversationID: "10", parentID: nil)
            + ConversationLinks.links(kind: .inboundMessage, sourceID: "12", conversationID: "11", parentID: "11")
        let all = councilsFile + residentsFile
        XCTAssertEqual(all.count, 3, "a message's own id and a parent that is also its conversation give one link")
        for order in permutations(all) {
            XCTAssertEqual(ConversationLinks.roots(of: order), ["10": "10", "11": "10", "12": "10", "13": "10"])
        }
        XCTAssertEqual(ConversationLinks.roots(of: councilsFile), ["10": "10", "11": "10", "12": "12", "13": "12"],
                       "one file alone leaves the follow-up's answer in a conversation of its own")
    }

    /// v2's conversation id is the thread's root: its links lead to it, so the key stays as it was.
    func testAConversationIDThatIsTheRootStaysTheRoot() {
        let links = ConversationLinks.links(kind: .reply, sourceID: "3", conversationID: "1", parentID: "2")
            + ConversationLinks.links(kind: .inboundMessage, sourceID: "2", conversationID: "1", parentID: "1")
        XCTAssertEqual(Set(ConversationLinks.roots(of: links).values), ["1"])
    }

    /// Links that disagree leave no single top: the least id is taken, still from the links alone.
    func testLinksThatDisagreeStillGiveOneRootIndependentOfOrder() {
        let cycle = [Link(node: "20", up: "9"), Link(node: "9", up: "100"), Link(node: "100", up: "20")]
        let twoTops = [Link(node: "7", up: "30"), Link(node: "7", up: "4")]
        for links in [cycle, twoTops] {
            let expected = links == cycle ? "9" : "4"
            for order in permutations(links) {
                XCTAssertEqual(Set(ConversationLinks.roots(of: order).values), [expected])
            }
        }
    }

    /// Edits, withdrawals and reactions name the message they act on, not a parent: no link; a
    /// withdrawal joins the conversation of the message it takes back.
    func testOnlyMessagesGiveLinksAndAWithdrawalFollowsItsMessage() {
        for kind in [EventKind.edit, .delete, .hide, .unhide, .reaction, .share, .metricSnapshot] {
            XCTAssertEqual(ConversationLinks.links(kind: kind, sourceID: "5", conversationID: "1", parentID: "4"), [], "\(kind)")
        }
        XCTAssertEqual(ConversationLinks.node(kind: .delete, sourceID: "d5", conversationID: "1", parentID: "5"), "5")
        XCTAssertEqual(ConversationLinks.node(kind: .inboundMessage, sourceID: "5", conversationID: "1", parentID: "4"), "5")
        XCTAssertTrue(ConversationLinks.applies(platform: "twitter", channel: "twitter"))
        XCTAssertFalse(ConversationLinks.applies(platform: "twitter", channel: "twitter_dm"), "DMs name their conversation")
        XCTAssertFalse(ConversationLinks.applies(platform: "facebook", channel: "facebook"))
    }

    private func permutations(_ links: [Link]) -> [[Link]] {
        guard let first = links.first else { return [[]] }
        return permutations(Array(links.dropFirst())).flatMap { rest in
            (0...rest.count).map { index in
                var order = rest
                order.insert(first, at: index)
                return order
            }
        }
    }
}
