import CivicPulseCore
import Foundation
@testable import CivicPulseIngest
import XCTest

final class GenericChannelTests: XCTestCase {
    private static let yaml = """
        org: harbourside
        services:
          customer_services: { name: Customer services }
          waste: { name: Waste and recycling }
        accounts:
          harbourside_webchat: { platform: webchat, handle: HarbourChat, service: customer_services, central: true }
          harbourside_instagram: { platform: instagram, handle: harbourside.council, service: customer_services }
        routing:
          - service: waste
            keywords: [bin, bins]
        channels:
          webchat:
            account: harbourside_webchat
            columns: { id: message_id, time: sent_at, text: body, author: sender, reply_to: in_reply_to, conversation: session }
          instagram:
            channel: instagram
            account: harbourside_instagram
            columns: { id: post_id, time: created, text: caption, author: user, reply_to: parent, kind: type }
        sla:
          targets:
            - { target: 2 working days }
        """

    private func read(_ name: String, mapping: String) throws -> NormalisedBatch {
        let config = try PipelineConfig.parse(yaml: Self.yaml, file: "generic-test.yaml")
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("generic/\(name)")
        let batch = try PayloadReader(config: config, hasher: TwitterFixtures.hasher).read(data: Data(contentsOf: url), file: name, mapping: mapping)
        assertEveryRecordAccountedFor(batch)
        return batch
    }

    func testAWebChatCSVBecomesQuestionsAndAnswers() throws {
        let batch = try read("webchat.csv", mapping: "webchat")
        XCTAssertEqual(batch.recognisedAs, "webchat CSV export (mapping webchat)")
        XCTAssertEqual(batch.recordsRead, 4)
        let events = Dictionary(uniqueKeysWithValues: batch.events.map { ($0.sourceID, $0) })
        XCTAssertEqual(events["w1"]?.kind, .inboundMessage)
        XCTAssertEqual(events["w1"]?.service, "waste", "routed on the central account")
        XCTAssertEqual(events["w2"]?.kind, .reply)
        XCTAssertEqual(events["w2"]?.addresseeHash, TwitterFixtures.hasher.hash(platform: "webchat", userID: "visitor-17"))
        XCTAssertEqual(events["w2"]?.conversationID, "s1")
        XCTAssertEqual(events["w4"]?.text, #"Hello? Still waiting, "anyone" there?"#)
        XCTAssertEqual(events["w1"]?.occurredAt, PlatformTimestamp.parse("2026-11-16T10:00:00Z"))
        XCTAssertEqual(batch.rejections.map(\.recordPath), ["row 4"], "the header is row 1")
        XCTAssertEqual(batch.rejections.first?.field, "sent_at")
    }

    func testAnInstagramExportUsesItsKindColumnAndTheReplyChain() throws {
        let batch = try read("instagram.jsonl", mapping: "instagram")
        XCTAssertTrue(batch.rejections.isEmpty)
        let events = Dictionary(uniqueKeysWithValues: batch.events.map { ($0.sourceID, $0) })
        XCTAssertEqual(events["ig-1"]?.kind, .post)
        XCTAssertEqual(events["ig-2"]?.kind, .comment)
        XCTAssertEqual(events["ig-3"]?.kind, .reply)
        XCTAssertEqual(events["ig-3"]?.conversationID, "ig-1", "the root of the reply chain")
        XCTAssertEqual(events["ig-3"]?.channel, "instagram")
        XCTAssertTrue(events["ig-3"]!.actorIsOrg)
    }

    /// A line that is not a JSON object was quarantined as if its id were missing; now it says where the line stops being JSON.
    func testALineThatIsNotAJSONObjectIsQuarantinedSayingWhy() throws {
        let batch = try read("instagram-broken-line.jsonl", mapping: "instagram")
        XCTAssertEqual(batch.events.map(\.sourceID), ["ig-11", "ig-14"])
        XCTAssertEqual(batch.rejections.map { "\($0.recordPath) \($0.field): \($0.reason)" }, [
            "line 2 (line): not JSON at byte 99 of the line: expected '\"' to close the string, but the text ends there (cut short?)",
            "line 3 (line): expected a JSON object",
        ])
    }

    func testAnUnknownMappingIsOneClearError() throws {
        XCTAssertThrowsError(try read("webchat.csv", mapping: "nextdoor")) { error in
            XCTAssertEqual("\(error)", "webchat.csv: no channel mapping 'nextdoor' in generic-test.yaml (mappings: webchat, instagram)")
        }
    }

    func testAMappingMustNameAKnownAccountAndTheIdAndTimeColumns() {
        let broken = Self.yaml.replacingOccurrences(of: "columns: { id: message_id, time: sent_at,", with: "columns: {")
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: broken, file: "g.yaml")) { error in
            XCTAssertTrue("\(error)".contains("channels.webchat.columns: missing required key 'id'"), "\(error)")
        }
    }
}
