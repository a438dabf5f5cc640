@testable import CivicPulseCore
import Foundation
import XCTest

/// Resolution as docs/calendars-and-sla.md defines it, on hand-computed conversations.
final class ResolutionTests: XCTestCase {
    private let hour: TimeInterval = 3600
    private let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func message(_ id: Int, _ who: String, at: Date, kind: EventKind = .inboundMessage, to addressee: String? = nil) -> ConversationMessage {
        ConversationMessage(
            eventID: UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", id))!, conversationKey: "webchat:1",
            org: "harbourside", platform: "webchat", channel: "webchat", account: "chat", service: "waste", kind: kind,
            actorHash: Data(who.utf8), actorIsOrg: who == "council", addresseeHash: addressee.map { Data($0.utf8) },
            occurredAt: at, sourceID: "\(id)"
        )
    }

    private func at(_ hours: Double) -> Date { start.addingTimeInterval(hours * hour) }

    private func resolution(_ messages: [ConversationMessage], asOf: Date, quiet: TimeInterval = Resolution.defaultQuietPeriod) -> Resolution? {
        Resolution.of(itemID: messages[0].eventID, openedAt: messages[0].occurredAt, resident: messages[0].actorHash,
                      in: messages.shuffled(), quietPeriod: quiet, asOf: asOf)
    }

    func testOneReplyAndTwoQuietDaysIsResolvedAtFirstContact() {
        let messages = [message(1, "ann", at: at(0)), message(2, "council", at: at(0.5), kind: .reply, to: "ann")]
        XCTAssertEqual(resolution(messages, asOf: at(48.5)), Resolution(resolvedAt: at(0.5), councilReplies: 1))
        XCTAssertTrue(resolution(messages, asOf: at(48.5))?.atFirstContact ?? false)
        XCTAssertNil(resolution(messages, asOf: at(48.4)), "47.9 hours after the reply the resident may still write back")
    }

    func testAFollowUpWithinTheQuietPeriodWaitsForTheNextReply() {
        let messages = [
            message(1, "ann", at: at(0)), message(2, "council", at: at(0.5), kind: .reply, to: "ann"),
            message(3, "ann", at: at(1)), message(4, "council", at: at(2), kind: .reply, to: "ann"),
        ]
        XCTAssertEqual(resolution(messages, asOf: at(60)), Resolution(resolvedAt: at(2), councilReplies: 2))
        XCTAssertFalse(resolution(messages, asOf: at(60))?.atFirstContact ?? true)
        XCTAssertNil(resolution(Array(messages.prefix(3)), asOf: at(60)), "the resident wrote back and was not answered")
    }

    func testAFollowUpAfterTheQuietPeriodIsANewMatterAndTheOldOneWasResolved() {
        let messages = [
            message(1, "ann", at: at(0)), message(2, "council", at: at(1), kind: .reply, to: "ann"),
            message(3, "ann", at: at(49)), message(4, "council", at: at(50), kind: .reply, to: "ann"),
        ]
        XCTAssertEqual(resolution(messages, asOf: at(49)), Resolution(resolvedAt: at(1), councilReplies: 1),
                       "48 hours exactly is not within the quiet period")
    }

    func testTheCouncilsLastReplyBeforeTheQuietCounts() {
        let messages = [
            message(1, "ann", at: at(0)), message(2, "council", at: at(1), kind: .reply, to: "ann"),
            message(3, "council", at: at(3), kind: .reply),
        ]
        XCTAssertEqual(resolution(messages, asOf: at(100)), Resolution(resolvedAt: at(3), councilReplies: 2),
                       "a second reply (to nobody in particular) within the quiet period is the council's last word")
    }

    func testOtherResidentsAndRepliesToThemDoNotCount() {
        let messages = [
            message(1, "ann", at: at(0)), message(2, "council", at: at(1), kind: .reply, to: "ann"),
            message(3, "bob", at: at(2)), message(4, "council", at: at(3), kind: .reply, to: "bob"),
            message(5, "ann", at: at(10), kind: .reaction),
        ]
        XCTAssertEqual(resolution(messages, asOf: at(100)), Resolution(resolvedAt: at(1), councilReplies: 1))
    }

    func testUnansweredIsNeverResolvedAndLaterMessagesAreNotKnownYet() {
        let messages = [message(1, "ann", at: at(0)), message(2, "council", at: at(100), kind: .reply, to: "ann")]
        XCTAssertNil(resolution(messages, asOf: at(99)))
        XCTAssertNil(resolution(messages, asOf: at(147)), "47 hours after the reply")
        XCTAssertEqual(resolution(messages, asOf: at(148))?.resolvedAt, at(100))
    }

    /// The quiet period is elapsed time: the clocks going back on Sunday 25 October 2026 make
    /// Saturday 10:00 BST to Monday 09:30 GMT 47½ hours on the wall clock but 48½ hours elapsed.
    func testTheQuietPeriodIsElapsedTimeAcrossAClockChange() throws {
        let iso = ISO8601DateFormatter()
        let opened = try XCTUnwrap(iso.date(from: "2026-10-24T08:30:00Z"))     // Sat 09:30 BST
        let replied = try XCTUnwrap(iso.date(from: "2026-10-24T09:00:00Z"))    // Sat 10:00 BST
        let followUp = try XCTUnwrap(iso.date(from: "2026-10-26T09:30:00Z"))   // Mon 09:30 GMT
        let messages = [message(1, "ann", at: opened), message(2, "council", at: replied, kind: .reply, to: "ann"), message(3, "ann", at: followUp)]
        XCTAssertEqual(resolution(messages, asOf: followUp), Resolution(resolvedAt: replied, councilReplies: 1))
        XCTAssertNil(resolution(messages, asOf: followUp, quiet: 49 * hour), "with a 49-hour quiet period the follow-up came within it")
    }

    func testTheQuietPeriodSettingTakesElapsedTimeOnly() throws {
        func read(_ value: String) throws -> TimeInterval {
            let root = try ConfigNode.parse(yaml: "resolution_quiet_period: \(value)\n", file: "council.yaml")
            return try Resolution.quietPeriod(try root.optional("resolution_quiet_period"))
        }
        XCTAssertEqual(try read("72 hours"), 72 * hour)
        XCTAssertEqual(try read("2 days"), 48 * hour)
        XCTAssertEqual(try Resolution.quietPeriod(nil), 48 * hour)
        XCTAssertThrowsError(try read("2 working days")) { error in
            XCTAssertEqual("\(error)", "council.yaml:1: resolution_quiet_period: '2 working days' is not a quiet period; write a number, then minutes, hours or days of elapsed time (e.g. '48 hours')")
        }
    }
}
