import CivicPulseCore
import XCTest
@testable import CivicPulseIngest

/// Messenger events delivered through Page webhooks.
final class FacebookMessengerTests: XCTestCase {
    typealias F = FacebookFixtures

    func testAResidentsMessageAndThePagesEchoShareOneConversation() throws {
        let batch = try F.read("webhook-messenger.json")
        let question = try F.event(batch, "m_harbour_0001")
        XCTAssertEqual(question.kind, .inboundMessage)
        XCTAssertEqual(question.channel, "messenger")
        XCTAssertEqual(question.account, "harbourside_facebook")
        XCTAssertEqual(question.service, "waste")
        XCTAssertEqual(question.actorHash, F.hash(F.messengerResident))
        XCTAssertEqual(question.occurredAt.timeIntervalSince1970, 1_772_442_900.456, accuracy: 0.001, "milliseconds")

        let answer = try F.event(batch, "m_harbour_0003")
        XCTAssertEqual(answer.kind, .reply)
        XCTAssertTrue(answer.actorIsOrg)
        XCTAssertEqual(answer.addresseeHash, F.hash(F.messengerResident))
        XCTAssertEqual(answer.conversationID, question.conversationID)
        XCTAssertFalse(question.conversationID!.contains(F.messengerResident), "the conversation id never holds the resident's id")
    }

    func testTwoMessagesInARowAreOneItemAnsweredByTheEcho() throws {
        let items = F.responseItems(try F.read("webhook-messenger.json").events)
        XCTAssertEqual(items.count, 1)
        XCTAssertEqual(items.first?.messageCount, 2)
        XCTAssertEqual(try XCTUnwrap(items.first?.responseSeconds), 6630.044, accuracy: 0.001) // 09:15:00.456 → 11:05:30.500
    }

    func testAttachmentsEditsAndReceipts() throws {
        let batch = try F.read("webhook-messenger.json")
        XCTAssertEqual(try F.event(batch, "m_harbour_0002").details["attachments"], .array([.string("image")]))
        let edit = try F.event(batch, "m_harbour_0001:edited#1")
        XCTAssertEqual(edit.kind, .edit)
        XCTAssertEqual(edit.parentID, "m_harbour_0001")
        XCTAssertEqual(edit.text, "Hi, my green recycling bin was damaged by the crew")
        XCTAssertEqual(batch.recognisedAs, "Facebook Page webhook delivery; ignored: 1 messenger read events")
    }

    func testAMessageWithABadTimestampIsQuarantined() throws {
        let batch = try F.read("webhook-messenger.json")
        XCTAssertEqual(batch.recordsRead, 5)
        let rejection = try XCTUnwrap(batch.rejections.first)
        XCTAssertEqual(batch.rejections.count, 1)
        XCTAssertEqual(rejection.recordPath, "entry[1].messaging[3]")
        XCTAssertEqual(rejection.recordID, "m_harbour_0004")
        XCTAssertEqual(rejection.field, "timestamp")
    }
}
