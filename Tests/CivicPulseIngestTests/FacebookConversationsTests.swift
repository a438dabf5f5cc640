import CivicPulseCore
import XCTest
@testable import CivicPulseIngest

/// Messenger threads fetched through Graph's `/{page}/conversations` edge.
final class FacebookConversationsTests: XCTestCase {
    typealias F = FacebookFixtures

    func testResidentsMessagesAreInboundAndThePagesIsTheirReplyInOneConversation() throws {
        let batch = try F.read("conversations-messenger.json")
        XCTAssertTrue(batch.recognisedAs.hasPrefix("Facebook Graph API list"), batch.recognisedAs)
        XCTAssertEqual(Set(batch.events.map(\.channel)), ["messenger"])
        XCTAssertTrue(batch.events.allSatisfy { $0.url == nil }, "a private message has no public URL")
        let question = try F.event(batch, "m_harbour_0001"), answer = try F.event(batch, "m_harbour_0003")
        XCTAssertEqual([question.kind, answer.kind], [.inboundMessage, .reply])
        XCTAssertEqual([question.actorIsOrg, answer.actorIsOrg], [false, true])
        XCTAssertEqual([question.account, question.service], ["harbourside_facebook", "waste"])
        XCTAssertEqual([question.actorHash, answer.addresseeHash], [F.hash(F.messengerResident), F.hash(F.messengerResident)],
                       "the Page answers the resident who asked")
        XCTAssertEqual(question.occurredAt, F.date("2026-03-02T09:15:00+0000"))
        XCTAssertEqual(answer.conversationID, question.conversationID)
        XCTAssertFalse(question.conversationID!.contains(F.messengerResident), "the conversation id never holds the resident's id")

        let photo = try F.event(batch, "m_harbour_0002")
        XCTAssertNil(photo.text, "an attachment alone has no text")
        XCTAssertEqual(photo.details["attachments"], .array([.string("image")]))

        let library = try F.event(batch, "m_libraries_0001")
        XCTAssertEqual(library.kind, .inboundMessage)
        XCTAssertEqual(library.account, "libraries_facebook")
        XCTAssertNotEqual(library.conversationID, question.conversationID)
    }

    func testAMessageReadByWebhookAndByFetchIsOneEventInOneConversation() throws {
        let fetched = try F.read("conversations-messenger.json")
        let delivered = try F.read("webhook-messenger.json")
        for id in ["m_harbour_0001", "m_harbour_0002", "m_harbour_0003"] {
            let byFetch = try F.event(fetched, id), byWebhook = try F.event(delivered, id)
            XCTAssertEqual(byFetch.eventID, byWebhook.eventID, id)
            XCTAssertEqual(byFetch.conversationID, byWebhook.conversationID, id)
            XCTAssertEqual(byFetch.kind, byWebhook.kind, id)
            XCTAssertEqual(byFetch.addresseeHash, byWebhook.addresseeHash, id)
        }
        // The fetched thread alone: one item of two messages, answered by the Page's message.
        let harbourside = fetched.events.filter { $0.account == "harbourside_facebook" }
        let items = F.responseItems(harbourside)
        XCTAssertEqual(items.count, 1)
        XCTAssertEqual(items.first?.messageCount, 2)
        XCTAssertEqual(try XCTUnwrap(items.first?.responseSeconds), 6630, accuracy: 0.001) // 09:15:00 → 11:05:30
    }

    func testEveryMessageIsARecordAndABadOneIsQuarantinedAlone() throws {
        let batch = try F.read("conversations-messenger.json")
        XCTAssertEqual(batch.recordsRead, 6, "five messages and one thread without its messages")
        XCTAssertEqual(batch.events.count, 4)
        XCTAssertEqual(batch.ignoredRecords, 1)
        let rejection = try XCTUnwrap(batch.rejections.first)
        XCTAssertEqual(batch.rejections.count, 1)
        XCTAssertEqual(rejection.recordPath, "data[1].messages.data[1]")
        XCTAssertEqual(rejection.recordID, "m_libraries_0000")
        XCTAssertEqual(rejection.field, "created_time")
    }

    /// A Page the pipeline does not list: the paging URL names it, else nothing can.
    func testThePageIsTheOneThePagingURLNamesElseTheMessageIsQuarantined() throws {
        func page(paging: String) -> String {
            """
            {"data":[{"id":"t_9","messages":{"data":[
              {"id":"m_other_1","created_time":"2026-03-04T08:00:00+0000","from":{"id":"6200000000000009"},
               "to":{"data":[{"id":"130000000000009"}]},"message":"Is the tip open?"}]}}],
             "paging":\(paging)}
            """
        }
        let named = try F.read(json: page(paging: #"{"cursors":{"after":"x"},"next":"https://graph.facebook.com/v21.0/130000000000009/conversations?after=x"}"#))
        let message = try F.event(named, "m_other_1")
        XCTAssertEqual(message.kind, .inboundMessage)
        XCTAssertEqual(message.actorHash, F.hash("6200000000000009"))
        XCTAssertTrue(message.conversationID!.hasPrefix("messenger:130000000000009:"))

        let unnamed = try F.read(json: page(paging: #"{"cursors":{"after":"x"}}"#))
        XCTAssertTrue(unnamed.events.isEmpty)
        XCTAssertEqual(unnamed.rejections.first?.field, "from.id")
        XCTAssertEqual(unnamed.rejections.first?.recordPath, "data[0].messages.data[0]")
    }
}
