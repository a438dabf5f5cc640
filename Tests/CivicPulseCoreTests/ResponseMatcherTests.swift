@testable import CivicPulseCore
import Foundation
import XCTest

final class ResponseMatcherTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)
    private func hash(_ who: String) -> Data { Data(who.utf8) }

    private func eventID(_ id: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", id))!
    }

    private func message(_ id: Int, _ who: String, at minutes: Double, kind: EventKind = .inboundMessage,
                         to addressee: String? = nil, conversation: String = "twitter:1") -> ConversationMessage {
        ConversationMessage(
            eventID: eventID(id), conversationKey: conversation,
            org: "harbourside", platform: "twitter", channel: "twitter", account: "cs", service: "waste", kind: kind,
            actorHash: hash(who), actorIsOrg: who == "council", addresseeHash: addressee.map(hash),
            occurredAt: start.addingTimeInterval(minutes * 60), sourceID: "\(id)"
        )
    }

    func testMessagesBeforeAnAnswerAreOneItemTimedFromTheFirst() {
        let items = ResponseMatcher.items(for: [
            message(1, "ann", at: 0), message(2, "ann", at: 10),
            message(3, "council", at: 130, kind: .reply, to: "ann"),
            message(4, "ann", at: 180),
        ])
        XCTAssertEqual(items.count, 2)
        XCTAssertEqual(items[0].messageCount, 2)
        XCTAssertEqual(items[0].responseSeconds, 130 * 60)
        XCTAssertEqual(items[1].itemID, eventID(4), "a message after the answer starts a new clock")
        XCTAssertNil(items[1].response)
    }

    /// The last message after which nobody waits: where a conversation can be cut.
    func testTheQuietPointIsTheLastMessageAfterWhichNobodyWaits() {
        let messages = [
            message(1, "ann", at: 0), message(2, "bob", at: 5),
            message(3, "council", at: 20, kind: .reply, to: "ann"),
            message(4, "council", at: 30, kind: .reply, to: "bob"),
            message(5, "ann", at: 40), message(6, "council", at: 50, kind: .reply, to: "bob"),
        ]
        let quiet = ResponseMatcher.matched(messages).quiet["twitter:1"]
        XCTAssertEqual(quiet?.eventID, messages[3].eventID, "after bob's answer both were answered; ann asked again and waits")
        XCTAssertNil(ResponseMatcher.matched([message(1, "ann", at: 0)]).quiet["twitter:1"], "someone has waited since the start")
    }

    func testAReplyAddressedToOneResidentDoesNotAnswerAnother() {
        let items = ResponseMatcher.items(for: [
            message(1, "ann", at: 0), message(2, "bob", at: 5),
            message(3, "council", at: 20, kind: .reply, to: "bob"),
            message(4, "council", at: 50, kind: .reply),
        ])
        let byResident = Dictionary(uniqueKeysWithValues: items.map { (String(decoding: $0.residentHash!, as: UTF8.self), $0) })
        XCTAssertEqual(byResident["bob"]?.responseSeconds, 15 * 60)
        XCTAssertEqual(byResident["ann"]?.responseSeconds, 50 * 60, "a reply addressed to nobody answers everyone still waiting")
    }

    func testTheOrgsOwnPostsAndOtherConversationsAnswerNothing() {
        let items = ResponseMatcher.items(for: [
            message(1, "ann", at: 0),
            message(2, "council", at: 10, kind: .post),
            message(3, "council", at: 20, kind: .reply, to: "ann", conversation: "twitter:2"),
        ])
        XCTAssertEqual(items.count, 1)
        XCTAssertNil(items[0].response)
    }

    func testAnAnswerAtTheSameInstantCountsOnlyIfItSortsAfter() {
        let items = ResponseMatcher.items(for: [message(2, "ann", at: 0), message(1, "council", at: 0, kind: .reply, to: "ann")])
        XCTAssertNil(items[0].response, "ties are broken by event id: the reply sorts first, so it answers nothing")
        let later = ResponseMatcher.items(for: [message(1, "ann", at: 0), message(2, "council", at: 0, kind: .reply, to: "ann")])
        XCTAssertEqual(later[0].responseSeconds, 0)
    }

    func testUrgencyOfAnyMessageMakesTheItemUrgent() {
        var second = message(2, "ann", at: 5)
        second.urgent = true
        let items = ResponseMatcher.items(for: [message(1, "ann", at: 0), second])
        XCTAssertEqual(items[0].priority, .urgent)
    }

    func testTheResultDoesNotDependOnTheOrderMessagesArrive() {
        var generator = SystemRandomNumberGenerator()
        let messages = (0..<60).map { index in
            let who = ["ann", "bob", "cat", "council", "council"][index % 5]
            return message(index, who, at: Double(index * 7 % 50), kind: who == "council" ? .reply : .comment,
                           to: who == "council" ? ["ann", "bob", nil][index % 3] : nil, conversation: "twitter:\(index % 4)")
        }
        let expected = ResponseMatcher.items(for: messages)
        for _ in 0..<20 {
            XCTAssertEqual(ResponseMatcher.items(for: messages.shuffled(using: &generator)), expected)
        }
    }

    private func change(_ id: Int, _ kind: EventKind, of target: Int, at minutes: Double) -> ConversationMessage {
        var message = message(id, "ann", at: minutes, kind: kind)
        message.targetSourceID = "\(target)"
        return message
    }

    func testAQuestionDeletedBeforeAnyAnswerIsNoItem() {
        let items = ResponseMatcher.items(for: [message(1, "ann", at: 0), change(2, .delete, of: 1, at: 20)])
        XCTAssertTrue(items.isEmpty, "a deleted, unanswered question is not left open forever")
    }

    func testTheClockStartsAtTheFirstMessageStillStandingWhenAnswered() {
        let items = ResponseMatcher.items(for: [
            message(1, "ann", at: 0), message(2, "ann", at: 30), change(3, .hide, of: 1, at: 40),
            message(4, "council", at: 90, kind: .reply, to: "ann"),
            change(5, .delete, of: 2, at: 120),
        ])
        XCTAssertEqual(items.count, 1)
        XCTAssertEqual(items[0].itemID, eventID(2), "hidden before the answer: not counted; deleted after it: history stands")
        XCTAssertEqual(items[0].responseSeconds, 60 * 60)
        XCTAssertEqual(items[0].withdrawnMessages, 1)
    }

    func testAnUnhiddenQuestionCountsAgain() {
        let items = ResponseMatcher.items(for: [
            message(1, "ann", at: 0), change(2, .hide, of: 1, at: 10), change(3, .unhide, of: 1, at: 20),
        ])
        XCTAssertEqual(items.map(\.itemID), [eventID(1)])
        XCTAssertNil(items[0].response)
    }
}
