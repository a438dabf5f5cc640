import CivicPulseCore
import Foundation
@testable import CivicPulseIngest
import XCTest

/// v2 `dm_events`: private messages to and from the council, not public tweets.
final class TwitterDirectMessageTests: XCTestCase {
    typealias F = TwitterFixtures

    func testAResidentsDMIsAPrivateInboundMessageToTheAccountInTheConversation() throws {
        let batch = try F.read("v2-dm-events.json")
        XCTAssertEqual(batch.rejections, [])
        let question = try XCTUnwrap(F.event(batch, "2028600000000000201"))
        XCTAssertEqual(question.kind, .inboundMessage)
        XCTAssertEqual(question.channel, "twitter_dm")
        XCTAssertEqual(question.account, "harbourside_twitter")
        XCTAssertEqual(question.service, "waste", "routed by keyword on the central account")
        XCTAssertEqual(question.actorHash, F.hash(F.annID))
        XCTAssertNil(question.url, "a DM has no public link")
        XCTAssertFalse(question.conversationID?.contains(F.annID) ?? true, "the conversation id names both users: only its hash is kept")
    }

    func testTheCouncilsDMIsAReplyToTheResidentThatAnswersInTheConversation() throws {
        let batch = try F.read("v2-dm-events.json")
        let reply = try XCTUnwrap(F.event(batch, "2028600000000000203"))
        XCTAssertEqual(reply.kind, .reply)
        XCTAssertTrue(reply.actorIsOrg)
        XCTAssertEqual(reply.addresseeHash, F.hash(F.annID))
        XCTAssertEqual(reply.conversationID, F.event(batch, "2028600000000000201")?.conversationID)
        let items = ResponseMatcher.items(for: F.messages(batch)).sorted { $0.openedAt < $1.openedAt }
        XCTAssertEqual(items.map(\.responseSeconds), [2700, nil], "Ann answered in 45 minutes; Bob's group DM waits")
    }

    func testAGroupDMIsAttributedToTheOrgAccountAmongItsParticipants() throws {
        let batch = try F.read("v2-dm-events.json")
        XCTAssertEqual(F.event(batch, "2028600000000000204")?.account, "libraries_twitter")
        XCTAssertEqual(F.event(batch, "2028600000000000204")?.kind, .inboundMessage)
    }

    func testTheOrgsDMToAGroupWithOneResidentAnswersThatResident() throws {
        let batch = try F.read(json: """
            {"data":[{"id":"2028600000000000302","event_type":"MessageCreate","text":"It opens at ten.","sender_id":"900000000000000002",
              "dm_conversation_id":"2028600000000000100","participant_ids":["900000000000000002","1500000000000000012"],
              "created_at":"2026-03-02T11:30:00.000Z"}]}
            """)
        let reply = try XCTUnwrap(F.event(batch, "2028600000000000302"))
        XCTAssertEqual(reply.kind, .reply)
        XCTAssertEqual(reply.addresseeHash, F.hash(F.bobID), "the group's own id is not a participant")
    }

    func testParticipantsJoiningIsReadAndIgnoredWithItsReason() throws {
        let batch = try F.read("v2-dm-events.json")
        XCTAssertEqual(batch.recordsRead, 4)
        XCTAssertEqual(batch.ignored, ["DM ParticipantsJoin events (not messages)": 1])
        XCTAssertNil(F.event(batch, "2028600000000000202"))
        XCTAssertEqual(batch.recognisedAs, "Twitter API v2 direct message events; read and ignored: 1 DM ParticipantsJoin events (not messages)")
    }

    func testADMEventWithoutASenderIsQuarantinedNamingTheField() throws {
        let batch = try F.read(json: """
            {"data":[{"id":"2028600000000000301","event_type":"MessageCreate","text":"hello","dm_conversation_id":"2028600000000000100"}]}
            """)
        XCTAssertEqual(batch.rejections.map(\.field), ["sender_id"])
    }
}
