import CivicPulsePrivacy
import Foundation
import Postgres
import XCTest

/// Deletions carried through (issue 22 part 3, docs/privacy.md): read as the database superuser,
/// table by table, a message its platform deleted has no readable text or link left, whichever
/// of the message and its delete was ingested first; the figures follow the response-matching
/// rules for deleted messages (docs/response-matching.md, rule 5); a rebuild gives the
/// projections incremental processing gave.
final class PlatformDeletionTests: PrivacyCommandTestCase {
    private let week = ["--from", "2026-11-16", "--to", "2026-11-22"]

    private func figures(_ name: String? = nil) throws -> [String] {
        try ["dashboard", "sla", "reach"].map { try succeeds([$0, "-q", "--format", "json"] + week, database: name) }
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    // Resident 1 of the fixture week (user 100001) writes twice more on Tue 17 Nov, to the
    // central handle, through X's Account Activity API: at 09:00 an urgent message (an emergency
    // keyword), which the council answers at 09:20; at 10:00 a question never answered. Then
    // they delete both: the first at 11:00, after its answer (it stays counted, and urgent), the
    // second at 10:30, before any answer (it stops counting).
    private let urgentText = "@HarboursideCC there is a gas leak smell outside number 12 Quay Street"
    private let unansweredText = "@HarboursideCC and who do I ask about the noise from the quayside bar"

    private var messages: String {
        #"""
        {"for_user_id": "900000000000000001", "tweet_create_events": [
          {"created_at": "Tue Nov 17 09:00:00 +0000 2026", "id_str": "2040000000000000001", "text": "\#(urgentText)",
           "in_reply_to_status_id_str": null, "in_reply_to_user_id_str": "900000000000000001",
           "entities": {"user_mentions": [{"id_str": "900000000000000001", "screen_name": "HarboursideCC"}]},
           "user": {"id_str": "100001", "screen_name": "resident_one"}, "timestamp_ms": "1794906000000"},
          {"created_at": "Tue Nov 17 09:20:00 +0000 2026", "id_str": "2040000000000000002", "text": "@resident_one Thank you, we have called the gas emergency line.",
           "in_reply_to_status_id_str": "2040000000000000001", "in_reply_to_user_id_str": "100001",
           "entities": {"user_mentions": [{"id_str": "100001", "screen_name": "resident_one"}]},
           "user": {"id_str": "900000000000000001", "screen_name": "HarboursideCC"}, "timestamp_ms": "1794907200000"},
          {"created_at": "Tue Nov 17 10:00:00 +0000 2026", "id_str": "2040000000000000003", "text": "\#(unansweredText)",
           "in_reply_to_status_id_str": null, "in_reply_to_user_id_str": "900000000000000001",
           "entities": {"user_mentions": [{"id_str": "900000000000000001", "screen_name": "HarboursideCC"}]},
           "user": {"id_str": "100001", "screen_name": "resident_one"}, "timestamp_ms": "1794909600000"}
        ]}
        """#
    }

    private let deletes = #"""
        {"for_user_id": "900000000000000001", "tweet_delete_events": [
          {"status": {"id": "2040000000000000003", "user_id": "100001"}, "timestamp_ms": "1794911400000"},
          {"status": {"id": "2040000000000000001", "user_id": "100001"}, "timestamp_ms": "1794913200000"}
        ]}
        """#

    private let deletedLinks = ["https://x.com/resident_one/status/2040000000000000001", "https://x.com/resident_one/status/2040000000000000003"]

    /// The tombstones of the two deleted tweets: source id and urgency verdict, none readable.
    private func tombstones(in name: String) throws -> [String] {
        try Connection("dbname=\(name)").query("""
            SELECT e.source_id, k.keyword_urgent, k.key IS NULL FROM privacy.message_keys k JOIN civicpulse.events e USING (event_id)
            WHERE e.source_id LIKE '204000000000000000%' ORDER BY 1
            """).map { "\(try $0.decode(String.self, 0)) urgent=\(try $0.decode(Bool?.self, 1).map(String.init) ?? "-") destroyed=\(try $0.decode(Bool.self, 2))" }
    }

    func testDeletedTweetsAreUnreadableInEitherOrderAndCountAsTheMatchingRulesSay() throws {
        XCTAssertEqual(try cli(["ingest", "-q", Fixtures.path("harbourside-tweets.json"), Fixtures.path("harbourside-tweets-monday.json")]).status, 3,
                       "tweet 1010 is quarantined")
        // The same residents' pseudonyms in both databases (they are random per database).
        let other = try TestDatabase(copying: database)
        defer { other.drop() }
        let messagesFile = try write("messages.json", messages), deletesFile = try write("deletes.json", deletes)

        // Here the messages come first and are processed; the reports list their links.
        _ = try succeeds(["ingest", "-q", messagesFile])
        _ = try succeeds(["process", "-q"])
        let connection = try database.connect()
        XCTAssertEqual(try openedBodies(on: connection).values.compactMap { $0 }.filter { $0 == urgentText || $0 == unansweredText }.count, 2,
                       "readable before the platform says they were deleted")
        XCTAssertEqual(try residentLinks(on: connection).filter(deletedLinks.contains).count, 2)
        _ = try succeeds(["ingest", "-q", deletesFile])
        _ = try succeeds(["process", "-q"])

        // There the deletes come first: the messages' keys are destroyed as they arrive.
        _ = try succeeds(["ingest", "-q", deletesFile], database: other.name)
        _ = try succeeds(["ingest", "-q", messagesFile], database: other.name)
        _ = try succeeds(["process", "-q"], database: other.name)

        for name in [database.name, other.name] {
            let rows = try everyRow(in: name)
            for secret in [urgentText, unansweredText] + deletedLinks {
                XCTAssertFalse(rows.contains(secret), "\(name): still readable after the platform deleted it: \(secret)")
            }
            XCTAssertTrue(rows.contains("Thank you, we have called the gas emergency line."), "the council's own reply is not deleted")
            XCTAssertEqual(try residentLinks(on: try Connection("dbname=\(name)")).filter(deletedLinks.contains), [],
                           "\(name): the reports list the deleted messages without their links")
            XCTAssertEqual(try tombstones(in: name), ["2040000000000000001 urgent=true destroyed=true", "2040000000000000003 urgent=false destroyed=true"],
                           "each keeps the urgency its text had")
            XCTAssertEqual(try Connection("dbname=\(name)").query("""
                SELECT scope, sum(keys_destroyed)::integer, sum(residents_unlinked)::integer FROM privacy.erasures GROUP BY scope
                """).map { "\(try $0.decode(String.self, 0)) \(try $0.decode(Int.self, 1)) \(try $0.decode(Int.self, 2))" }, ["platform_delete 2 0"])
        }
        // The fixture week has 5 items, none urgent, 2 answered by its end (1001, and 1005-1006;
        // 1003's answer comes on Monday 23rd, Fixtures/README.md); the urgent message adds an
        // answered urgent item (deleted after its answer, it stays), and the question deleted
        // before any answer adds none: 6 items, 3 answered, 1 urgent.
        let sla = try succeeds(["sla", "-q"] + week)
        XCTAssertTrue(sla.contains("Items 6, answered 3 (50%), urgent 1"), sla)
        XCTAssertEqual(try figures(), try figures(other.name), "the same figures whichever came first")

        for test in [database!, other] {
            let incremental = try projectionDigests(test)
            _ = try succeeds(["process", "-q", "--rebuild"], database: test.name)
            assertSameProjections(try projectionDigests(test), incremental, "rebuild after the deletes (\(test.name))")
        }
    }

    // A resident's comment on the libraries Page, through Page webhooks: answered by the Page,
    // edited, hidden by the Page, unhidden, then removed. Hiding and editing make nothing
    // unreadable (a hidden comment can come back, an edited one is still on Facebook with its
    // history); the removal makes every version unreadable: the comment, its edited text, and
    // the links of the changes. Removed after its answer, it still counts (rule 5).
    private let original = "Is the library on Elm Road open on Saturday morning?"
    private let edited = "Is the library on Elm Road open on Saturday afternoon too?"

    private func webhook(_ verb: String, at time: Int, message: String?) -> String {
        let text = message.map { #", "message": "\#($0)""# } ?? ""
        return #"{"object": "page", "entry": [{"id": "610000000000002", "time": \#(time), "changes": [{"field": "feed", "value": {"item": "comment", "verb": "\#(verb)", "comment_id": "2000000000000071_3000000000000071", "post_id": "610000000000002_2000000000000071", "parent_id": "610000000000002_2000000000000071", "from": {"name": "Dee Resident", "id": "5100000000000071"}, "created_time": 1794906000\#(text)}}]}]}"#
    }

    private func readable(_ connection: Connection) throws -> Set<String> {
        Set(try openedBodies(on: connection).values.compactMap { $0 })
    }

    func testAFacebookRemovalMakesEveryVersionUnreadableAndAHideOrEditDoesNot() throws {
        let connection = try database.connect()
        let answer = #"{"object": "page", "entry": [{"id": "610000000000002", "time": 1794906300, "changes": [{"field": "feed", "value": {"item": "comment", "verb": "add", "comment_id": "2000000000000071_3000000000000072", "post_id": "610000000000002_2000000000000071", "parent_id": "2000000000000071_3000000000000071", "from": {"name": "Harbourside Libraries", "id": "610000000000002"}, "created_time": 1794906300, "message": "We open from 10:00 to 16:00 on Saturdays."}}]}]}"#
        let added = try write("added.jsonl", webhook("add", at: 1794906000, message: original) + "\n" + answer + "\n")
        let changed = try write("changed.jsonl", [webhook("edited", at: 1794906600, message: edited), webhook("hide", at: 1794907200, message: nil),
                                                  webhook("unhide", at: 1794907800, message: nil)].joined(separator: "\n") + "\n")
        _ = try succeeds(["ingest", "-q", added, changed])
        _ = try succeeds(["process", "-q"])
        XCTAssertTrue(try readable(connection).isSuperset(of: [original, edited]), "an edit and a hide destroy nothing")
        XCTAssertEqual(try connection.query("SELECT count(*) FROM privacy.message_keys WHERE key IS NULL")[0].decode(Int.self, 0), 0)
        let links = try residentLinks(on: connection)
        XCTAssertFalse(links.isEmpty, "the reports list the comment's link")

        _ = try succeeds(["ingest", "-q", try write("removed.jsonl", webhook("remove", at: 1794908400, message: nil) + "\n")])
        _ = try succeeds(["process", "-q"])
        let rows = try everyRow(in: database.name)
        for secret in [original, edited] + links {
            XCTAssertFalse(rows.contains(secret), "still readable after Facebook's removal: \(secret)")
        }
        XCTAssertEqual(try connection.query("""
            SELECT string_agg(e.kind || ':' || (k.key IS NULL)::text, ' ' ORDER BY e.occurred_at) FROM privacy.message_keys k JOIN civicpulse.events e USING (event_id)
            """)[0].decode(String.self, 0), "comment:true edit:true hide:true unhide:true delete:true", "every version's key is destroyed")
        let incremental = try projectionDigests(database)
        _ = try succeeds(["process", "-q", "--rebuild"])
        assertSameProjections(try projectionDigests(database), incremental, "rebuild after the removal")
    }

    /// A removal that withdraws the week's only item, before any answer, takes the week's stored
    /// figures with it: a rebuild never stores a week without items.
    func testARemovalThatEmptiesAWeekLeavesNoStoredWeekAsARebuildDoes() throws {
        let connection = try database.connect()
        func count(_ table: String) throws -> Int {
            try connection.query(Query(unsafeSQL: "SELECT count(*) FROM projections.\(table)"))[0].decode(Int.self, 0)
        }
        _ = try succeeds(["ingest", "-q", try write("added.jsonl", webhook("add", at: 1794906000, message: original) + "\n")])
        _ = try succeeds(["process", "-q"])
        XCTAssertEqual(try count("response_weeks"), 1, "the week of the open question is stored")

        _ = try succeeds(["ingest", "-q", try write("removed.jsonl", webhook("remove", at: 1794908400, message: nil) + "\n")])
        _ = try succeeds(["process", "-q"])
        XCTAssertEqual(try count("response_items"), 0, "withdrawn before an answer, it no longer counts (rule 5)")
        XCTAssertEqual(try count("response_weeks"), 0, "no week is stored without items")
        let incremental = try projectionDigests(database)
        _ = try succeeds(["process", "-q", "--rebuild"])
        assertSameProjections(try projectionDigests(database), incremental, "rebuild after the week's only item was removed")
    }
}
