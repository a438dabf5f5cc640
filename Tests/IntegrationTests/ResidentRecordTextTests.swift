@testable import CivicPulseReports
import Foundation
import XCTest

/// The answer line of a resident's record, without a database: a message answered but with no
/// reply row of its own (none recorded for it) says only how long the item waited, not
/// "–, (– working time) after this message".
final class ResidentRecordTextTests: XCTestCase {
    func testAnAnsweredMessageWithNoReplyTimeSaysOnlyTheItemsWait() throws {
        let opened = try XCTUnwrap(ISO8601DateFormatter().date(from: "2026-11-16T10:00:00Z"))
        let answer = ResidentRecord.Answer(time: opened.addingTimeInterval(7800), account: "HarboursideCC", text: "Yes", link: nil,
                                           seconds: 7800, businessSeconds: 7800, replySeconds: nil, businessReplySeconds: nil)
        let message = ResidentRecord.Message(time: opened, platform: "twitter", channel: "twitter", account: "HarboursideCC", service: "waste",
                                             kind: "mention", conversation: nil, messageID: "1001", text: "Bin?", link: nil,
                                             item: ResidentRecord.Item(id: UUID(), priority: "normal", dueAt: nil, answer: answer))
        let record = ResidentRecord(subject: .init(platform: "twitter", userID: "100001", handle: nil), generatedAt: opened, timeZone: "Europe/London",
                                    messages: [message], unreadable: .init(times: []))
        let text = record.text()
        XCTAssertTrue(text.contains("  answered 2026-11-16 12:10 by HarboursideCC after 2h 10m (2h 10m working time): Yes\n"), text)
        XCTAssertFalse(text.contains("after this message"), text)
    }
}
