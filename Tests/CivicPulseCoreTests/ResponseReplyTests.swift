import CivicPulseCore
import Foundation
import XCTest

/// Every reply of an item timed on the service's calendar (docs/response-matching.md, rule 7),
/// and the processor's shortcut: the reply of the message that opened the item takes the SLA
/// verdict's business count instead of walking the calendar again (`replies(for:judged:)`).
final class ResponseReplyTests: XCTestCase {
    private var config: PipelineConfig!
    private let london = TimeZone(identifier: "Europe/London")!

    override func setUpWithError() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        config = try PipelineConfig.load(path: root.appendingPathComponent("pipelines/example-council.yaml").path)
    }

    /// A London wall-clock time in November 2026 (GMT: UTC itself).
    private func at(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = london
        return calendar.date(from: DateComponents(year: 2026, month: 11, day: day, hour: hour, minute: minute))!
    }

    private func message(_ id: Int, _ who: String, at instant: Date, kind: EventKind = .inboundMessage, target: String? = nil) -> ConversationMessage {
        ConversationMessage(
            eventID: UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", id))!, conversationKey: "facebook:t1",
            org: "harbourside", platform: "facebook", channel: "messenger", account: "harbourside_facebook", service: "waste",
            kind: kind, actorHash: Data(who.utf8), actorIsOrg: who == "council", addresseeHash: who == "council" ? Data("ann".utf8) : nil,
            occurredAt: instant, sourceID: "\(id)", targetSourceID: target)
    }

    /// Ann writes on Friday 20 November at 16:00 and again on Saturday at 10:00; the council
    /// answers on Monday at 10:30. The office calendar (Monday to Friday, 09:00 to 17:00) counts
    /// Friday's last hour and Monday's first hour and a half for the first message (9,000 s),
    /// Monday's alone for the second (5,400 s).
    func testEachReplyIsTimedOnTheCalendarAndTheFirstTakesTheVerdictsCount() throws {
        let items = ResponseMatcher.items(for: [
            message(1, "ann", at: at(20, 16)), message(2, "ann", at: at(21, 10)),
            message(3, "council", at: at(23, 10, 30), kind: .reply),
        ])
        let item = try XCTUnwrap(items.first)
        let verdict = config.verdict(for: item)
        XCTAssertEqual(verdict.businessResponseSeconds, 9_000)
        let replies = config.replies(for: item, judged: verdict)
        XCTAssertEqual(replies.map(\.businessSeconds), [9_000, 5_400])
        XCTAssertEqual(replies.map(\.seconds), [239_400, 174_600])
        XCTAssertEqual(replies, config.replies(for: item), "the shortcut gives what walking the calendar gives")
    }

    /// Ann's first message is deleted before the answer: the item is timed from her second, the
    /// first still standing (rule 5), and so is the one reply left, Monday's hour and a half.
    func testADeletedFirstMessageLeavesTheItemAndItsReplyTimedFromTheSecond() throws {
        let items = ResponseMatcher.items(for: [
            message(1, "ann", at: at(20, 16)), message(2, "ann", at: at(21, 10)),
            message(4, "ann", at: at(21, 11), kind: .delete, target: "1"),
            message(3, "council", at: at(23, 10, 30), kind: .reply),
        ])
        let item = try XCTUnwrap(items.first)
        XCTAssertEqual(item.openedAt, at(21, 10))
        XCTAssertEqual(item.withdrawnMessages, 1)
        let replies = config.replies(for: item, judged: config.verdict(for: item))
        XCTAssertEqual(replies.map(\.messageID), [item.standing[0].eventID])
        XCTAssertEqual(replies.map(\.businessSeconds), [5_400])
        XCTAssertEqual(replies, config.replies(for: item))
    }
}
