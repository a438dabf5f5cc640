import CivicPulseCore
import Foundation
@testable import CivicPulseIngest
import XCTest

/// X Account Activity deliveries (what `serve` receives at `/webhooks/x`): tweets, DMs and
/// deletes become the events the other Twitter readers make; the rest is counted, not lost.
final class TwitterAccountActivityTests: XCTestCase {
    typealias F = TwitterFixtures

    func testADeliveryIsRecognisedWithoutNamingItsSource() throws {
        let batch = try F.read("aa-delivery.json")
        XCTAssertTrue(batch.recognisedAs.hasPrefix("X Account Activity delivery"), batch.recognisedAs)
        XCTAssertEqual(batch.rejections, [])
        XCTAssertEqual(Set(batch.events.map(\.sourceID)), [
            "2030000000000000101", "2030000000000000102", "2030000000000000201", "2030000000000000202", "2030000000000000103:delete",
        ])
    }

    /// The same statuses read as a v1.1 timeline give the very same events, so a tweet fetched,
    /// saved and delivered is one event in the log.
    func testTweetsAreTheEventsTheV1ReaderMakesOfTheSameStatuses() throws {
        let delivery = try F.read("aa-delivery.json")
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("twitter/aa-delivery.json")
        let statuses = try XCTUnwrap(JSONValue.parse(Data(contentsOf: url))["tweet_create_events"])
        let timeline = try F.read(json: statuses.jsonText, as: .twitterV1)
        XCTAssertEqual(timeline.events.count, 2)
        XCTAssertEqual(delivery.events.filter { $0.sourceType == "tweet" && $0.kind != .delete }, timeline.events)
    }

    func testTheResidentsMentionIsAnsweredByTheCouncilsReply() throws {
        let batch = try F.read("aa-delivery.json")
        let question = try XCTUnwrap(F.event(batch, "2030000000000000101"))
        XCTAssertEqual(question.kind, .inboundMessage)
        XCTAssertEqual(question.account, "harbourside_twitter")
        XCTAssertEqual(question.service, "waste", "routed by the extended tweet's full text")
        XCTAssertTrue(question.text?.hasSuffix("When will a crew come back for them?") == true, "the full text, not the truncated one")
        let reply = try XCTUnwrap(F.event(batch, "2030000000000000102"))
        XCTAssertEqual(reply.kind, .reply)
        XCTAssertEqual(reply.conversationID, question.conversationID)
        let tweets = F.messages(batch).filter { $0.channel == "twitter" && $0.kind != .delete }
        XCTAssertEqual(ResponseMatcher.items(for: tweets).map(\.responseSeconds), [2100], "answered in 35 minutes")
    }

    func testDMsArePrivateMessagesAnsweredInTheirConversation() throws {
        let batch = try F.read("aa-delivery.json")
        let question = try XCTUnwrap(F.event(batch, "2030000000000000201"))
        XCTAssertEqual([question.channel, question.sourceType, question.account], ["twitter_dm", "dm_event", "harbourside_twitter"])
        XCTAssertEqual(question.kind, .inboundMessage)
        XCTAssertEqual(question.actorHash, F.hash(F.bobID))
        XCTAssertNil(question.url)
        XCTAssertEqual(question.occurredAt, F.date("2026-11-17T11:00:00Z"), "created_timestamp is in milliseconds")
        let answer = try XCTUnwrap(F.event(batch, "2030000000000000202"))
        XCTAssertEqual(answer.kind, .reply)
        XCTAssertEqual(answer.addresseeHash, F.hash(F.bobID))
        XCTAssertEqual(answer.conversationID, question.conversationID)
        let dms = F.messages(batch).filter { $0.channel == "twitter_dm" }
        XCTAssertEqual(ResponseMatcher.items(for: dms).map(\.responseSeconds), [1200])
    }

    /// A v2 one-to-one conversation id is the pair of user ids; the delivery's DM, which names
    /// sender and recipient, is the same event in the same conversation, whichever way round
    /// the pair is spelled.
    func testADMReadFromAPIV2AndFromADeliveryIsOneEventInOneConversation() throws {
        let delivered = try XCTUnwrap(F.event(try F.read("aa-delivery.json"), "2030000000000000201"))
        for conversation in ["\(F.councilID)-\(F.bobID)", "\(F.bobID)-\(F.councilID)"] {
            let fetched = try F.read(json: """
                {"data":[{"id":"2030000000000000201","event_type":"MessageCreate","text":"Hi, my recycling box was not emptied on Elm Road",
                  "sender_id":"\(F.bobID)","dm_conversation_id":"\(conversation)","created_at":"2026-11-17T11:00:00.000Z"}]}
                """)
            XCTAssertEqual(fetched.events, [delivered], conversation)
        }
    }

    func testADeleteTakesTheTweetBack() throws {
        let deletion = try XCTUnwrap(F.event(try F.read("aa-delivery.json"), "2030000000000000103:delete"))
        XCTAssertEqual(deletion.kind, .delete)
        XCTAssertEqual(deletion.parentID, "2030000000000000103", "the tweet it withdraws")
        XCTAssertEqual(deletion.channel, "twitter")
        XCTAssertEqual(deletion.actorHash, F.hash(F.catID))
        XCTAssertFalse(deletion.actorIsOrg)
        XCTAssertEqual(deletion.occurredAt, F.date("2026-11-17T12:00:00Z"))
    }

    /// Typing and favourites are not measured: read, counted and named, neither events nor quarantined.
    func testKindsNotMeasuredAreCountedAsIgnored() throws {
        let batch = try F.read("aa-delivery.json")
        XCTAssertEqual(batch.ignored, ["direct_message_indicate_typing_events records (not measured)": 1, "favorite_events records (not measured)": 1])
        XCTAssertEqual(batch.recordsRead, 7)
        XCTAssertTrue(batch.recognisedAs.hasSuffix("read and ignored: 1 direct_message_indicate_typing_events records (not measured), 1 favorite_events records (not measured)"),
                      batch.recognisedAs)
    }

    func testARevocationIsSaidInTheFilesDescription() throws {
        let batch = try F.read("aa-user-event-revoke.json")
        XCTAssertEqual(batch.events, [])
        XCTAssertEqual(batch.rejections, [])
        XCTAssertTrue(batch.recognisedAs.contains("1 revocations of the app's access (authorise the app again for this account)"), batch.recognisedAs)
    }

    func testADeliveryForAnAccountNotInThePipelineIsQuarantinedWholeNamingTheField() throws {
        let batch = try F.read("aa-unknown-account.json")
        XCTAssertEqual(batch.events, [])
        XCTAssertEqual(batch.rejections.map(\.field), ["for_user_id"])
        XCTAssertEqual(batch.rejections.first?.reason, "777000000000000009 is not one of the pipeline's X accounts (twitter-test.yaml has no twitter account with that id)")
        XCTAssertTrue(batch.rejections.first?.payload.contains("potholes on the ring road") == true, "the delivery is kept whole")
    }

    func testBadRecordsAreQuarantinedNamingTheirField() throws {
        let batch = try F.read(json: """
            {"for_user_id":"\(F.councilID)","direct_message_events":[{"type":"message_create","id":"2030000000000000299","created_timestamp":"1794913200000",
              "message_create":{"target":{},"sender_id":"\(F.bobID)","message_data":{"text":"hi"}}}],
             "tweet_delete_events":[{"status":{"id":"2030000000000000103"},"timestamp_ms":"1794916800000"}],"follow_events":{"oops":1}}
            """, as: .twitterActivity)
        XCTAssertEqual(batch.rejections.map(\.field), ["message_create.target.recipient_id", "follow_events", "status.user_id"])
        XCTAssertEqual(batch.recordsRead, 3)
    }

    /// A JSON Lines file of deliveries (a webhook log) reads as each delivery would alone.
    func testAJSONLinesFileOfDeliveriesReadsAsEachDelivery() throws {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("twitter")
        let lines = try ["aa-delivery.json", "aa-user-event-revoke.json"].map {
            try JSONValue.parse(Data(contentsOf: url.appendingPathComponent($0))).jsonText
        }
        let batch = try F.read(json: lines.joined(separator: "\n"))
        XCTAssertEqual(batch.recognisedAs, "X Account Activity delivery JSON Lines")
        XCTAssertEqual(batch.events, try F.read("aa-delivery.json").events)
        XCTAssertEqual(batch.ignoredRecords, 3)
    }
}
