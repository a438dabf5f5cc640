import CivicPulseReadModel
import Foundation
import Postgres
import XCTest

/// `retention.events` (issue 22 part 1, docs/privacy.md, "Dropping whole old periods of the log"):
/// `retention apply` drops whole recorded months with what hangs on them, and the projections it
/// leaves are what `process --rebuild` gives on the log that is left, a conversation cut by the
/// drop included; a file of a dropped month is refused when ingested again.
///
/// The fixture week is ingested now; tweets 1001, 1002, 1003 and 1009 are then made to have been
/// recorded when they were sent, in November 2026, as a council ingesting live would have them
/// (the superuser steps around the log's triggers; nothing else can). With `events: 1 day`,
/// November is due and this month is not: resident 1 (1001, 1009, and the addressee of 1002) has
/// nothing left; 1003 goes while the council's answer to it, 1004, stays.
extension RetentionTests {
    private static let dropped = ["1001", "1002", "1003", "1009"]

    /// The first instant of the UTC month a day ago: what `events: 1 day` drops before.
    private var cutoff: String {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        return utc.dateInterval(of: .month, for: Date().addingTimeInterval(-86_400))!.start.formatted(.iso8601)
    }

    private func count(_ sql: String, on connection: Connection) throws -> Int {
        try connection.query(Query(unsafeSQL: sql))[0].decode(Int.self, 0)
    }

    /// The week ingested and processed, with four tweets, tweet 1010's quarantined record and the
    /// first file's ingest run recorded in November.
    private func weekPartlyRecordedInNovember() throws -> Connection {
        try pipeline(retention: nil, events: "1 day")
        XCTAssertEqual(try cli(["ingest", "-q", Fixtures.path("harbourside-tweets.json"), Fixtures.path("harbourside-tweets-monday.json")]).status, 3)
        let connection = try database.connect()
        try connection.execute("SET session_replication_role = replica")
        try connection.query("UPDATE civicpulse.events SET recorded_at = occurred_at WHERE source_id = ANY(\(Self.dropped)::text[])")
        try connection.query("""
            UPDATE privacy.message_keys SET recorded_month = '2026-11-01'
            WHERE event_id IN (SELECT event_id FROM civicpulse.events WHERE source_id = ANY(\(Self.dropped)::text[]))
            """)
        try connection.execute("""
            UPDATE civicpulse.quarantine SET quarantined_at = '2026-11-22T12:00:00Z';
            UPDATE civicpulse.ingest_runs SET finished_at = '2026-11-22T12:00:00Z' WHERE source_file LIKE '%/harbourside-tweets.json';
            RESET session_replication_role
            """)
        _ = try succeeds(["process", "-q"])
        return connection
    }

    func testRetentionEventsDropsWholeMonthsAndLeavesWhatARebuildGives() throws {
        let connection = try weekPartlyRecordedInNovember()
        let events = try count("SELECT count(*) FROM civicpulse.events", on: connection)
        let residents = try count("SELECT count(*) FROM privacy.residents", on: connection)
        let keys = try count("SELECT count(*) FROM privacy.message_keys", on: connection)
        let runs = try count("SELECT count(*) FROM civicpulse.ingest_runs", on: connection)
        let incremental = try projectionDigests(database)
        XCTAssertTrue(try succeeds(["db", "status", "-q"]).hasSuffix("""
            retention (events 1 day): 1 month recorded before \(cutoff) is due to be dropped (4 events, the oldest month 2026-11); run civicpulse retention apply

            """))

        let applied = try succeeds(["retention", "apply", "-q"])
        XCTAssertEqual(applied, "retention (events 1 day): dropped 1 month recorded before \(cutoff) (2026-11): 4 events, 1 resident with no event left unlinked, "
            + "1 quarantined record, 1 ingest run; projections rebuilt from the \(events - 4) events left\n")

        // What the month held is gone, with its keys (1001, 1003 and 1009 are sealed; the
        // council's 1002 is not), resident 1's pseudonym, the quarantined record and the run.
        XCTAssertEqual(try count("SELECT count(*) FROM civicpulse.events", on: connection), events - 4)
        XCTAssertEqual(try count("SELECT count(*) FROM civicpulse.events WHERE source_id = ANY('{1001,1002,1003,1009}')", on: connection), 0)
        XCTAssertEqual(try count("SELECT count(*) FROM privacy.message_keys", on: connection), keys - 3)
        XCTAssertEqual(try count("SELECT count(*) FROM privacy.residents", on: connection), residents - 1)
        XCTAssertEqual(try count("""
            SELECT count(*) FROM privacy.residents r WHERE NOT EXISTS (SELECT 1 FROM civicpulse.events e WHERE r.pseudonym IN (e.actor_hash, e.addressee_hash))
            """, on: connection), 0, "no resident is linked with nothing left")
        XCTAssertEqual(try count("SELECT count(*) FROM civicpulse.quarantine", on: connection), 0)
        XCTAssertEqual(try count("SELECT count(*) FROM civicpulse.ingest_runs", on: connection), runs - 1)
        XCTAssertEqual(try connection.query("SELECT month::text || ' ' || events FROM civicpulse.dropped_months").map { try $0.decode(String.self, 0) },
                       ["2026-11-01 4"])

        // Figures went with the month: the items 1001, 1003 and 1009 opened are gone; 1004, the
        // answer to 1003 from the other side of the cut, stays in its conversation, answering nothing.
        XCTAssertNotEqual(try projectionDigests(database), incremental)
        XCTAssertEqual(try connection.query("SELECT source_id FROM (SELECT i.*, e.source_id FROM projections.response_items i JOIN civicpulse.events e ON e.event_id = i.item_id) response_items ORDER BY 1").map { try $0.decode(String.self, 0) }, ["1005", "1008"])
        let answer = try XCTUnwrap(try conversationKey(ofMessageAt: Int64(count("SELECT position FROM civicpulse.events WHERE source_id = '1004'", on: connection)),
                                                       on: connection))
        XCTAssertEqual(try conversationMessages(of: [answer], on: connection, timeZone: try Fixtures.config().timeZone).map(\.sourceID), ["1004"])
        let afterDrop = try projectionDigests(database)
        _ = try succeeds(["process", "-q", "--rebuild"])
        assertSameProjections(try projectionDigests(database), afterDrop, "rebuild after dropping a month")

        // Cron again: nothing left, one line, exit 0; each run is registered, counts only.
        XCTAssertEqual(try succeeds(["retention", "apply", "-q"]), "retention (events 1 day): no month recorded before \(cutoff) is left; nothing to drop\n")
        XCTAssertEqual(try connection.query("SELECT scope || ' ' || events || ' ' || keys_destroyed || ' ' || residents_unlinked || ' ' || quarantined FROM privacy.erasures ORDER BY id")
            .map { try $0.decode(String.self, 0) }, ["retention_events 4 3 1 1", "retention_events 0 0 0 0"])
        XCTAssertTrue(try succeeds(["db", "status", "-q"]).hasSuffix("retention (events 1 day): nothing due\n"))

        // The dropped month's file, ingested again, is refused on its line; the other file is too
        // (every event of it was sent in November), and neither appends anything.
        let again = try cli(["ingest", "-q", Fixtures.path("harbourside-tweets.json")])
        XCTAssertEqual(again.status, 3)
        XCTAssertEqual(again.out, "\(Fixtures.path("harbourside-tweets.json")): not ingested: every message in it was sent before 2026-12-01T00:00:00Z, "
            + "in months retention.events has dropped from the log (docs/privacy.md); nothing of it was appended\n")
        XCTAssertEqual(try count("SELECT count(*) FROM civicpulse.events", on: connection), events - 4)
        let monday = try cli(["ingest", "-q", Fixtures.path("harbourside-tweets-monday.json")])
        XCTAssertEqual(monday.status, 3)
        XCTAssertTrue(monday.out.contains("not ingested: every message in it was sent before 2026-12-01T00:00:00Z"), monday.out)

        // A long JSON Lines file whose first pieces are all November, its last line December, is
        // judged whole: it is appended, not refused on its first piece.
        let link = "https://example.org/" + String(repeating: "quay-street-underpass-", count: 90)
        let lines = (0..<400).map { index in
            #"{"platform":"twitter","id":"\#(9_100_000 + index)","author":"4\#(index % 89)","text":"Bins","time":"2026-11-\#(10 + index / 60)T\#(String(format: "%02d", index % 24)):00:00Z","url":"\#(link)\#(index)"}"#
        } + [#"{"platform":"twitter","id":"9199999","author":"41","text":"Bins","time":"2026-12-02T10:00:00Z","url":"https://example.org/late"}"#]
        let mixed = folder.appendingPathComponent("mixed.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: mixed)
        XCTAssertGreaterThan(try XCTUnwrap(FileManager.default.attributesOfItem(atPath: mixed.path)[.size] as? Int), 512 * 1_024, "more than one piece")
        let appended = try cli(["ingest", "-q", mixed.path])
        XCTAssertEqual(appended.status, 0, appended.out + appended.err)
        XCTAssertEqual(try count("SELECT count(*) FROM civicpulse.events", on: connection), events - 4 + 401)
    }

    /// A run with no month due records itself and leaves the processor alone: it claimed the
    /// checkpoint all the same, so from cron every night it waited for a batch in progress (held
    /// here, with a lock timeout so that the wait shows as a failure) and held the next one up.
    func testARunWithNothingDueLeavesTheProcessorsCheckpointAlone() throws {
        try pipeline(retention: nil, events: "1 day")
        XCTAssertEqual(try cli(["ingest", "-q", Fixtures.path("harbourside-tweets-monday.json")]).status, 0)
        _ = try succeeds(["process", "-q"])
        let batch = try database.connect()
        try batch.execute("BEGIN")
        _ = try Checkpoint.claim(on: batch)
        let run = try runAtHome(["retention", "apply", "-q"], environment: pipelineFile.merging(["PGOPTIONS": "-c lock_timeout=2s"]) { $1 })
        try batch.execute("ROLLBACK")
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssertEqual(run.out, "retention (events 1 day): no month recorded before \(cutoff) is left; nothing to drop\n")
        XCTAssertEqual(try batch.query("SELECT scope || ' ' || events FROM privacy.erasures").map { try $0.decode(String.self, 0) }, ["retention_events 0"],
                       "the run is registered all the same")
    }

    /// The log's one door is the owner's: the privacy officer's role may not drop a month (one
    /// line, nothing dropped), and the owner itself may not delete from the log around the
    /// function, even in the transaction that just called it (its flag went as it returned).
    func testOnlyTheOwnerDropsAndOnlyThroughTheFunction() throws {
        let connection = try weekPartlyRecordedInNovember()
        let events = try count("SELECT count(*) FROM civicpulse.events", on: connection)
        let refused = try runAtHome(["retention", "apply", "-q"], environment: ["CIVICPULSE_PIPELINE": folder.appendingPathComponent("pipeline.yaml").path,
                                                                                "PGOPTIONS": "-c role=civicpulse_privacy"])
        XCTAssertEqual(refused.status, 1, refused.out)
        XCTAssertTrue(refused.err.hasPrefix("Error: the database role in use may not do what `civicpulse retention apply` needs"), refused.err)
        XCTAssertEqual(refused.err.split(separator: "\n").count, 1, refused.err)
        XCTAssertEqual(try count("SELECT count(*) FROM civicpulse.events", on: connection), events)

        XCTAssertThrowsError(try connection.transaction {
            try connection.execute("SELECT * FROM civicpulse.drop_recorded_month('2026-10-01')")
            try connection.execute("DELETE FROM civicpulse.events WHERE source_id = '1001'")
        }) { XCTAssertTrue("\($0)".contains("civicpulse.events is append-only: DELETE is not allowed"), "\($0)") }
        XCTAssertEqual(try count("SELECT count(*) FROM civicpulse.events", on: connection), events)
    }
}
