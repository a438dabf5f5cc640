import CivicPulseCore
import Foundation
import XCTest

/// Issue 19, item 6: what a later reading of a logged event fills, without a database.
final class EventAttributionTests: XCTestCase {
    private let hashA = Data(repeating: 0xA1, count: 32)
    private let hashB = Data(repeating: 0xB2, count: 32)

    private func comment(account: String = "unknown", service: String = "unassigned", conversation: String? = "T1",
                         parent: String? = "T1", addressee: Data? = nil, provisional: [EventAttribution.Field] = []) -> EngagementEvent {
        var event = EngagementEvent(platform: "youtube", sourceType: "comment", sourceID: "T1.r1", org: "harbourside", channel: "youtube",
                                    account: account, service: service, kind: .comment, conversationID: conversation, parentID: parent,
                                    actorHash: hashA, actorIsOrg: false, addresseeHash: addressee,
                                    occurredAt: Date(timeIntervalSince1970: 1_795_000_000), text: "bin missed")
        event.attribution.provisional = Set(provisional)
        return event
    }

    func testAReadingThatNamesTheAccountFillsItWithTheServiceRoutedFromIt() {
        let stored = comment().attribution
        let reading = comment(account: "harbourside_youtube", service: "waste").attribution
        XCTAssertEqual(stored.fills(from: reading), [.account])
        let now = stored.merged(with: reading)
        XCTAssertEqual([now.account, now.service], ["harbourside_youtube", "waste"])
    }

    func testAKnownFieldNeverChangesAndAnUnknownOneFillsNothing() {
        let known = comment(account: "harbourside_youtube", service: "waste", addressee: hashA).attribution
        XCTAssertEqual(known.fills(from: comment(account: "other_account", service: "leisure", addressee: hashB).attribution), [],
                       "a reading that disagrees with what is known is a duplicate")
        XCTAssertEqual(known.fills(from: comment().attribution), [], "a reading that knows less tells nothing")
    }

    func testTheUnionIsTheSameWhateverTheOrderOfReadings() {
        let readings = [
            comment(conversation: nil, parent: nil).attribution,
            comment(account: "harbourside_youtube", service: "waste", conversation: nil, parent: nil).attribution,
            comment(conversation: "P1", parent: "P1", addressee: hashB, provisional: [.conversation, .parent, .addressee]).attribution,
            comment(conversation: "C7", parent: "C7", addressee: hashA).attribution,
        ]
        let orders = [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1], [1, 3, 0, 2]]
        let results = orders.map { order in order.dropFirst().reduce(readings[order[0]]) { $0.merged(with: readings[$1]) } }
        for result in results {
            XCTAssertEqual(result.account, "harbourside_youtube")
            XCTAssertEqual(result.service, "waste")
            XCTAssertEqual([result.conversationID, result.parentID], ["C7", "C7"], "a provisional thread gives way to a known one")
            XCTAssertEqual(result.addresseeHash, hashA)
            XCTAssertEqual(result.provisional, [])
        }
    }

    func testAProvisionalFieldIsFilledByAKnownOneButNeverFillsAnything() {
        let guessed = comment(conversation: "P1", parent: "P1", provisional: [.conversation, .parent, .addressee]).attribution
        let known = comment(conversation: "C7", parent: "C7", addressee: hashA).attribution
        XCTAssertEqual(guessed.fills(from: known), [.conversation, .parent, .addressee])
        XCTAssertEqual(known.fills(from: guessed), [])
        XCTAssertEqual(guessed.fills(from: comment(conversation: "P1", parent: "P1").attribution), [],
                       "a reading that only confirms the guessed values corrects nothing")
    }

    func testACorrectionHoldsTheEventAsNowKnownAndItsIdDependsOnWhatItFills() throws {
        let target = comment().eventID
        let reading = comment(account: "harbourside_youtube", service: "waste", addressee: hashB)
        let correction = try XCTUnwrap(EventCorrection.make(target: target, kind: .comment, stored: comment().attribution, reading: reading))
        XCTAssertEqual(correction.kind, .correction)
        XCTAssertEqual([correction.account, correction.service], ["harbourside_youtube", "waste"])
        XCTAssertEqual(correction.addresseeHash, hashB)
        XCTAssertEqual(EventCorrection.Target(details: correction.details),
                       EventCorrection.Target(eventID: target, kind: .comment, filled: [.account, .addressee],
                                              formerAccount: "unknown", formerService: "unassigned"))
        let again = EventCorrection.make(target: target, kind: .comment, stored: comment().attribution, reading: reading)
        XCTAssertEqual(again?.eventID, correction.eventID, "the same reading makes the same correction: re-ingest adds nothing")
        let other = EventCorrection.make(target: target, kind: .comment, stored: comment().attribution,
                                         reading: comment(account: "harbourside_youtube", service: "waste"))
        XCTAssertNotEqual(other?.eventID, correction.eventID)
        XCTAssertNil(EventCorrection.make(target: target, kind: .comment, stored: reading.attribution, reading: comment()))
    }

    func testAFileReadingTwiceFillsItsFirstReading() {
        var first = comment()
        first.fill(from: comment(account: "harbourside_youtube", service: "waste"))
        XCTAssertEqual([first.account, first.service], ["harbourside_youtube", "waste"])
        XCTAssertNil(first.details[EventAttribution.provisionalKey])
    }
}
