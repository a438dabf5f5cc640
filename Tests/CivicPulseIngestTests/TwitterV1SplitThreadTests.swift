import CivicPulseCore
import Foundation
@testable import CivicPulseIngest
import XCTest

/// A council's replies fetched by `from:` and residents' questions fetched by `to:` (v1.1, no
/// conversation id), in two files: Tests/IntegrationTests/Fixtures/twitter-v1-*.json. Each file
/// alone can only estimate where its replies belong; the links its events carry must be enough,
/// with the other file's, to put every message of a thread under one root.
final class TwitterV1SplitThreadTests: XCTestCase {
    typealias F = TwitterFixtures

    private let post = "1860000000000003001", ann = "1860000000000003002", annAnswer = "1860000000000003003"
    private let bea = "1860000000000003004", beaAnswer = "1860000000000003005", beaFollowUp = "1860000000000003006"
    private let beaSecondAnswer = "1860000000000003007", cal = "1860000000000003008"

    private func read(_ name: String) throws -> [EngagementEvent] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("IntegrationTests/Fixtures/\(name)")
        let batch = try F.reader().accountedRead(data: Data(contentsOf: url), file: name, observedAt: F.observedAt, as: nil)
        XCTAssertEqual(batch.rejections, [])
        return batch.events
    }

    private func roots(_ events: [EngagementEvent]) -> [String: String] {
        ConversationLinks.roots(of: events.flatMap {
            ConversationLinks.links(kind: $0.kind, sourceID: $0.sourceID, conversationID: $0.conversationID, parentID: $0.parentID)
        })
    }

    func testEachFileEstimatesOnlyTheNextIdUpItsChains() throws {
        let replies = try read("twitter-v1-council-replies.json")
        let questions = try read("twitter-v1-residents-questions.json")
        let estimate = Dictionary(uniqueKeysWithValues: (replies + questions).map { ($0.sourceID, $0.conversationID) })
        XCTAssertEqual(estimate[annAnswer], ann, "Ann's question is not in the council's file")
        XCTAssertEqual(estimate[ann], post, "the council's post is not in the residents' file")
        XCTAssertEqual(estimate[beaSecondAnswer], beaFollowUp)
        XCTAssertEqual(estimate[beaFollowUp], beaAnswer)
        XCTAssertEqual(Dictionary(grouping: replies + questions, by: \.kind).mapValues(\.count), [.post: 1, .reply: 3, .inboundMessage: 4])
    }

    func testTheLinksOfBothFilesPutEachThreadUnderItsRootInEitherOrder() throws {
        let replies = try read("twitter-v1-council-replies.json")
        let questions = try read("twitter-v1-residents-questions.json")
        for events in [replies + questions, questions + replies] {
            let roots = roots(events)
            for message in [ann, annAnswer, cal] { XCTAssertEqual(roots[message], post, message) }
            for message in [beaAnswer, beaFollowUp, beaSecondAnswer] { XCTAssertEqual(roots[message], bea, message) }
        }
        XCTAssertEqual(roots(replies)[beaSecondAnswer], beaFollowUp, "the council's file alone cannot join Bea's second answer to her thread")
    }
}
