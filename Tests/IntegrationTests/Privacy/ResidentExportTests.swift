import Foundation
import Postgres
import XCTest

/// `civicpulse resident export` (issue 22 part 4), run as the binary: exactly one resident's
/// messages with the council's answers, nobody else's, what erasure has left, and a record of
/// the export in the register.
final class ResidentExportTests: PrivacyCommandTestCase {
    /// Resident 4 writes in resident 3's conversation (tweet 1005), before the council answers
    /// resident 3; the answer (1007) is addressed to resident 3 only. Text a terminal or a
    /// browser would act on.
    private let residentFourText = "@HarbourLeisure is the gym open <b>too</b>?\u{1B}[2J"

    private func ingestWeekWithResidentFour() throws {
        let tweet: [String: Any] = [
            "id": "1013", "text": residentFourText, "author_id": "100004", "created_at": "2026-11-17T11:30:00.000Z",
            "conversation_id": "1005", "referenced_tweets": [["type": "replied_to", "id": "1005"]], "in_reply_to_user_id": "100003",
            "entities": ["mentions": [["start": 0, "end": 15, "username": "HarbourLeisure", "id": "900000000000000003"]]],
        ]
        let page = folder.appendingPathComponent("resident-four.json")
        try JSONSerialization.data(withJSONObject: ["data": [tweet], "meta": ["result_count": 1]]).write(to: page)
        XCTAssertEqual(try cli(["ingest", "-q", page.path]).status, 0)
        try ingestWeek()
    }

    private func exported(_ userID: String) throws -> [String: Any] {
        let out = try succeeds(["resident", "export", "-q", "--platform", "twitter", "--user-id", userID])
        return try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
    }

    private func messages(_ record: [String: Any]) -> [[String: Any]] {
        record["messages"] as! [[String: Any]]
    }

    func testExportHoldsExactlyThatResidentsMessagesAndTheCouncilsAnswers() throws {
        try ingestWeekWithResidentFour()

        let three = try exported("100003")
        XCTAssertEqual(messages(three).map { $0["message_id"] as! String }, ["1005", "1006", "1008"])
        XCTAssertEqual(messages(three).map { $0["text"] as! String },
                       ["@HarbourLeisure is the pool open on Saturday?", "@HarbourLeisure and is there a family session?",
                        "@HarbourLeisure great, do I need to book?"])
        for message in messages(three) {
            XCTAssertEqual(message["conversation"] as? String, "1005")
            XCTAssertEqual(message["service"] as? String, "leisure")
            XCTAssertEqual(message["account"] as? String, "leisure_twitter")
            XCTAssertEqual(message["channel"] as? String, "twitter")
        }
        // 1005 and 1006 are one item, answered by 1007 at 13:10: 2h 10m from 11:00, all of it
        // inside the office calendar's Tuesday 09:00-17:00, so 7,800 s on both clocks.
        let answers = messages(three).map { ($0["item"] as! [String: Any])["answer"] as? [String: Any] }
        XCTAssertEqual(answers[0]?["time"] as? String, "2026-11-17T13:10:00Z")
        XCTAssertEqual(answers[0]?["seconds"] as? Double, 7800)
        XCTAssertEqual(answers[0]?["business_seconds"] as? Double, 7800)
        XCTAssertEqual(answers[0]?["text"] as? String, "@resident_three Yes, 10:00-12:00 with family sessions at 11:00!")
        XCTAssertEqual(answers[1]?["time"] as? String, "2026-11-17T13:10:00Z", "the same item as the first")
        XCTAssertEqual(answers[1]?["seconds"] as? Double, 7800, "the item's wait, from 1005")
        XCTAssertEqual(answers[1]?["reply_seconds"] as? Double, 7200, "1006's own wait, from 11:10 (every reply, rule 7)")
        XCTAssertEqual(answers[1]?["business_reply_seconds"] as? Double, 7200)
        XCTAssertEqual(answers[0]?["reply_seconds"] as? Double, 7800, "the first message's own wait is the item's")
        XCTAssertNil(answers[2], "1008, after the answer, is a new item never answered")
        let unreadable = three["unreadable"] as? [String: Any]
        XCTAssertEqual(unreadable?["count"] as? Int, 0)
        XCTAssertEqual((unreadable?["times"] as? [Any])?.count, 0)

        let four = try exported("100004")
        XCTAssertEqual(messages(four).map { $0["message_id"] as! String }, ["1013"])
        XCTAssertEqual(messages(four).first?["text"] as? String, residentFourText)
        XCTAssertNil((messages(four).first?["item"] as? [String: Any])?["answer"] as? [String: Any],
                     "the council's answer in the same conversation was addressed to resident 3")

        let one = try exported("100001")
        XCTAssertEqual(messages(one).map { $0["message_id"] as! String }, ["1001", "1009"], "resident 1's own conversations")
        XCTAssertEqual((messages(one)[0]["item"] as? [String: Any]).flatMap { $0["answer"] as? [String: Any] }?["seconds"] as? Double, 1800)

        let texts = [three, four, one].map { messages($0).compactMap { $0["text"] as? String } }
        for (index, own) in texts.enumerated() {
            let others = Set(texts.enumerated().filter { $0.offset != index }.flatMap(\.element))
            XCTAssertTrue(others.isDisjoint(with: own), "one resident's export holds another's message")
        }
        let register = try database.connect().query("SELECT scope, events, keys_destroyed, residents_unlinked FROM privacy.erasures ORDER BY id")
        XCTAssertEqual(try register.map { "\(try $0.decode(String.self, 0)) \(try $0.decode(Int.self, 1)) \(try $0.decode(Int.self, 2)) \(try $0.decode(Int.self, 3))" },
                       ["access 3 0 0", "access 1 0 0", "access 2 0 0"], "each export is recorded, with no personal data")
    }

    /// Text shows a control character instead of obeying it, HTML escapes markup, and a message
    /// whose key is gone (as retention destroys it) is held as a time alone.
    func testTextAndHTMLAreSafeAndAnErasedMessageIsATimeOnly() throws {
        try ingestWeekWithResidentFour()
        let text = try succeeds(["resident", "export", "-q", "--platform", "twitter", "--user-id", "100004", "--format", "text"])
        XCTAssertFalse(text.contains("\u{1B}"), text)
        XCTAssertTrue(text.contains("@HarbourLeisure is the gym open <b>too</b>?\\u{1B}[2J"), text)
        let page = folder.appendingPathComponent("resident-four.html")
        let written = try cli(["resident", "export", "--platform", "twitter", "--user-id", "100004", "--format", "html", "--output", page.path])
        XCTAssertEqual(written.status, 0, written.err)
        XCTAssertTrue(written.err.hasSuffix("\nwrote 1 readable and 0 erased messages to \(page.path)\n"), written.err)
        XCTAssertEqual(written.out, "")
        let html = try String(contentsOf: page, encoding: .utf8)
        XCTAssertTrue(html.contains("is the gym open &lt;b&gt;too&lt;/b&gt;?"), html)
        XCTAssertFalse(html.contains("<b>"), html)
        // In words a resident reads, not the log's kind names.
        XCTAssertTrue(html.contains(": twitter message to "), html)
        XCTAssertFalse(html.contains("inbound_message"), html)
        XCTAssertTrue(text.contains(" twitter message to "), text)

        let owner = try database.connect()
        try owner.execute("""
            UPDATE privacy.message_keys SET key = NULL, keyword_urgent = false, destroyed_at = now()
            WHERE event_id = (SELECT event_id FROM civicpulse.events WHERE source_id = '1001')
            """)
        let one = try succeeds(["resident", "export", "-q", "--platform", "twitter", "--user-id", "100001", "--format", "text"])
        XCTAssertTrue(one.contains("1 message readable; 1 held but erased (time only)\n"), one)
        XCTAssertTrue(one.contains("Erased (text and link no longer readable), written at:\n  2026-11-16 10:00\n"), one)
        XCTAssertFalse(one.contains("my bin wasn't collected"), one)
        XCTAssertTrue(one.contains("@HarboursideCC thanks for sorting it"), one)

        let three = try succeeds(["resident", "export", "-q", "--platform", "twitter", "--user-id", "100003", "--format", "text"])
        XCTAssertTrue(three.contains(" after 2h 10m (2h 10m working time): @resident_three Yes"), three)
        XCTAssertTrue(three.contains(" after 2h 10m (2h 10m working time), 2h 00m (2h 00m working time) after this message: @resident_three Yes"),
                      "1006 waited 2 hours itself: \(three)")
    }

    func testAForgottenOrUnknownResidentHasNothingHeldAndBadArgumentsAreRefused() throws {
        try ingestWeek()
        _ = try succeeds(["forget", "-q", "--platform", "twitter", "--user-id", "100001"])
        XCTAssertEqual(try succeeds(["resident", "export", "-q", "--platform", "twitter", "--user-id", "100001"]),
                       "no resident is known as twitter user '100001' here: nothing is held\n")
        XCTAssertEqual(try succeeds(["resident", "export", "-q", "--platform", "twitter", "--user-id", "424242"]),
                       "no resident is known as twitter user '424242' here: nothing is held\n")

        let missing = try cli(["resident", "export", "-q", "--platform", "twitter"])
        XCTAssertEqual(missing.status, 64, missing.err)
        let format = try cli(["resident", "export", "-q", "--platform", "twitter", "--user-id", "100003", "--format", "xml"])
        XCTAssertEqual(format.status, 64, format.err)
        let existing = folder.appendingPathComponent("taken.json")
        try Data("keep".utf8).write(to: existing)
        let taken = try cli(["resident", "export", "-q", "--platform", "twitter", "--user-id", "100003", "--output", existing.path])
        XCTAssertEqual(taken.status, 64)
        XCTAssertEqual(taken.err, "Error: --output '\(existing.path)' exists: add --force to replace it\n")
        XCTAssertEqual(try String(contentsOf: existing, encoding: .utf8), "keep")
    }
}
