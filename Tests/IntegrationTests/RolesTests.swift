import CivicPulseCore
import CivicPulseProcessor
import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// The analyst reads the analytics views and nothing else; ingest only appends; the processor
/// writes projections only; nobody changes or deletes an event (migration 006, sql/views/090).
final class RolesTests: XCTestCase {
    var database: TestDatabase!
    var connection: Connection!

    override func setUpWithError() throws {
        database = try TestDatabase()
        connection = try database.connect()
        // A question the council answers, so that analytics.replies has a row.
        var answer = ReachFixtures.engagement(.reply, "libraries_facebook", resident: nil, at: "2026-11-20T11:00:00Z", id: "roles-a", fromOrg: true)
        answer.conversationID = "roles-q"
        let question = ReachFixtures.engagement(.comment, "libraries_facebook", resident: "fay", at: "2026-11-20T10:00:00Z", id: "roles-q")
        try ReachFixtures.append(ReachProjectionTests.week() + [question, answer], on: connection)
        try Processor(connection: connection, config: try ReachFixtures.config()).catchUp()
    }

    override func tearDown() {
        connection = nil
        database?.drop()
    }

    private func assertDenied(_ sql: String, as role: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try asRole(role) { try connection.execute(sql) }, "\(role): \(sql)", file: file, line: line) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "42501", "\(role): \(sql): \(error)", file: file, line: line)
        }
    }

    /// Runs `body` as `role` in a transaction that is always rolled back.
    private func asRole<T>(_ role: String, _ body: () throws -> T) throws -> T {
        try connection.execute("BEGIN; SET LOCAL ROLE \(role)")
        defer { try? connection.execute("ROLLBACK") }
        return try body()
    }

    /// A new session logged in as the role would be (its temporary tables are its own).
    private func session(as role: String) throws -> Connection {
        let session = try database.connect()
        try session.execute("SET ROLE \(role)")
        return session
    }

    func testTheAnalystCannotReadTheLogMessageTextActorHashesOrProjections() throws {
        for sql in [
            "SELECT * FROM civicpulse.events", "SELECT body FROM civicpulse.events", "SELECT actor_hash FROM civicpulse.events",
            "SELECT count(*) FROM civicpulse.quarantine", "SELECT * FROM projections.response_items",
            "SELECT resident_hash FROM projections.response_items", "SELECT * FROM projections.conversation_messages",
            "SELECT * FROM projections.engagement_daily", "SELECT * FROM public.civicpulse_migrations",
            "INSERT INTO projections.checkpoints (name, tx_id, position) VALUES ('x', '1', 1)",
            "SELECT * FROM privacy.residents", "SELECT * FROM privacy.message_keys", "SELECT * FROM privacy.erasures",
        ] {
            assertDenied(sql, as: "civicpulse_analyst")
        }
    }

    func testTheAnalystCanReadEveryAnalyticsViewAndNoViewHoldsTextOrHashes() throws {
        let views = try connection.query("SELECT table_name FROM information_schema.views WHERE table_schema = 'analytics' ORDER BY 1").map { try $0.decode(String.self, 0) }
        XCTAssertEqual(views, ["council_league", "events", "first_responses", "league_table", "reach_daily", "reach_weekly", "replies", "response_items", "spikes"])
        // The reach week holds no spike: one as the detector writes it.
        try connection.execute("""
            INSERT INTO projections.spikes (spike_id, org, dimension, value, started_at, early, start_count, baseline,
                                            baseline_kind, baseline_hours, score, peak_count, peak_at)
            VALUES (gen_random_uuid(), 'harbourside', 'all', 'inbound', '2026-11-21T10:00:00Z', false, 34, 4, 'weekly', 4, 6.2, 40, '2026-11-21T11:00:00Z')
            """)
        let counts = try asRole("civicpulse_analyst") {
            try views.map { try connection.query(Query(unsafeSQL: "SELECT count(*) FROM analytics.\($0)"))[0].decode(Int.self, 0) }
        }
        XCTAssertTrue(counts.allSatisfy { $0 > 0 }, "every view has rows here: \(counts)")
        let leaks = try connection.query("""
            SELECT table_name || '.' || column_name FROM information_schema.columns
            WHERE table_schema = 'analytics' AND (column_name ~ '(body|text|hash|details|conversation|parent)' OR data_type = 'bytea')
              AND column_name <> 'has_text'
            """)
        XCTAssertEqual(try leaks.map { try $0.decode(String.self, 0) }, [])
        let residents = try asRole("civicpulse_analyst") {
            try connection.query("SELECT count(*) FILTER (WHERE source_id IS NOT NULL OR url IS NOT NULL) FROM analytics.events WHERE NOT actor_is_org AND kind <> 'metric_snapshot'")[0].decode(Int.self, 0)
        }
        XCTAssertEqual(residents, 0, "residents' platform ids and links are withheld")
    }

    func testIngestCanAppendButNotChangeDeleteOrReadProjections() throws {
        let ingest = try session(as: "civicpulse_ingest")
        let appended = try ingest.transaction {
            try EventLog.append([ReachFixtures.engagement(.comment, "libraries_facebook", resident: "eve", at: "2026-11-20T10:00:00Z", id: "new")],
                                sourceFile: "roles-test", judge: Fixtures.isUrgent, on: ingest).appended
        }
        XCTAssertEqual(appended, 1)
        for sql in [
            "UPDATE civicpulse.events SET body = 'rewritten'", "DELETE FROM civicpulse.events", "TRUNCATE civicpulse.events",
            "UPDATE civicpulse.quarantine SET reason = 'x'", "DELETE FROM civicpulse.ingest_runs", "DELETE FROM civicpulse.actor_key",
            "SELECT * FROM projections.response_items", "SELECT * FROM analytics.events",
        ] {
            assertDenied(sql, as: "civicpulse_ingest")
        }
    }

    /// Ingest destroys the key of a message its platform deleted (docs/privacy.md, "Platform
    /// deletions"): the only change it may make to a key, and it makes no other.
    func testIngestDestroysTheKeyOfADeletedMessageAndCanChangeNothingElse() throws {
        let ingest = try session(as: "civicpulse_ingest")
        let comment = ReachFixtures.engagement(.comment, "libraries_facebook", resident: "eve", at: "2026-11-20T10:00:00Z", id: "gone")
        let delete = EngagementEvent(
            platform: comment.platform, sourceType: comment.sourceType, sourceID: "gone:remove", org: comment.org, channel: comment.channel,
            account: comment.account, service: comment.service, kind: .delete, conversationID: comment.conversationID, parentID: comment.sourceID,
            actorHash: comment.actorHash, actorIsOrg: false, occurredAt: utc("2026-11-20T11:00:00Z"))
        for events in [[comment], [delete]] {
            _ = try ingest.transaction { try EventLog.append(events, sourceFile: "roles-test", judge: Fixtures.isUrgent, on: ingest) }
        }
        XCTAssertEqual(try connection.query("SELECT key IS NULL, keyword_urgent FROM privacy.message_keys WHERE event_id = \(comment.eventID.uuidString)::uuid").map {
            "\(try $0.decode(Bool.self, 0)) \(try $0.decode(Bool.self, 1))"
        }, ["true false"])
        // It may unlink pseudonyms (DELETE on privacy.residents), as it does for those the erasure
        // register lists after a restore (docs/privacy.md, "Backups and restores"); never more.
        for sql in ["UPDATE privacy.message_keys SET pseudonym = NULL", "DELETE FROM privacy.message_keys", "DELETE FROM privacy.erasures",
                    "UPDATE privacy.erasures SET events = 0", "UPDATE privacy.residents SET pseudonym = lookup"] {
            assertDenied(sql, as: "civicpulse_ingest")
        }
    }

    func testTheProcessorWritesProjectionsButNotTheLog() throws {
        try ReachFixtures.append([ReachFixtures.engagement(.comment, "libraries_facebook", resident: "eve", at: "2026-11-20T10:00:00Z", id: "new")], on: connection)
        let processed = try Processor(connection: try session(as: "civicpulse_processor"), config: try ReachFixtures.config()).catchUp()
        XCTAssertEqual(processed, 1)
        for sql in [
            "INSERT INTO civicpulse.ingest_runs (source_file, recognised_as, records_read, appended, duplicates, quarantined, platform_errors) VALUES ('f', 'x', 0, 0, 0, 0, 0)",
            "INSERT INTO civicpulse.events (event_id, org, platform, source_type, source_id, channel, account, service, kind, actor_is_org, occurred_at) VALUES (gen_random_uuid(), 'o', 'p', 't', 's', 'c', 'a', 's', 'post', true, now())",
            "UPDATE civicpulse.events SET body = NULL", "DELETE FROM civicpulse.events", "SELECT * FROM civicpulse.quarantine",
        ] {
            assertDenied(sql, as: "civicpulse_processor")
        }
    }

    /// The privacy officer erases through keys and pseudonyms, and records it; the log, every other figure and the ingest side are out of reach.
    func testThePrivacyRoleErasesThroughKeysButCannotChangeTheLogOrFigures() throws {
        let keyed = "SELECT count(*) FROM civicpulse.events JOIN privacy.message_keys USING (event_id)"
        let asOwner = try connection.query(Query(unsafeSQL: keyed))[0].decode(Int.self, 0)
        XCTAssertEqual(try asRole("civicpulse_privacy") {
            try connection.execute("LOCK TABLE privacy.residents IN SHARE MODE")
            try connection.execute("SELECT item_id FROM projections.response_items WHERE false")
            try connection.execute("UPDATE privacy.message_keys SET key = NULL, keyword_urgent = false, destroyed_at = now() WHERE false")
            try connection.execute("DELETE FROM privacy.residents WHERE false")
            try connection.execute("INSERT INTO privacy.erasures (scope, events, keys_destroyed, residents_unlinked) VALUES ('access', 0, 0, 0)")
            return try connection.query(Query(unsafeSQL: keyed))[0].decode(Int.self, 0)
        }, asOwner, "reads the log and the keys")
        for sql in [
            "UPDATE civicpulse.events SET body = NULL", "DELETE FROM civicpulse.events", "TRUNCATE civicpulse.events",
            "INSERT INTO civicpulse.events (event_id, org, platform, source_type, source_id, channel, account, service, kind, actor_is_org, occurred_at) VALUES (gen_random_uuid(), 'o', 'p', 't', 's', 'c', 'a', 's', 'post', true, now())",
            "UPDATE projections.response_items SET service = 'x'", "DELETE FROM projections.response_items",
            "SELECT * FROM projections.engagement_daily", "INSERT INTO privacy.residents (lookup, pseudonym) VALUES (decode(repeat('ab', 32), 'hex'), decode(repeat('cd', 32), 'hex'))",
            "DELETE FROM privacy.message_keys", "UPDATE privacy.erasures SET events = 0", "DELETE FROM privacy.erasures",
        ] {
            assertDenied(sql, as: "civicpulse_privacy")
        }
    }

    func testNobodyCanUpdateOrDeleteAnEventNotEvenTheOwner() throws {
        for role in ["civicpulse_ingest", "civicpulse_processor", "civicpulse_analyst", "civicpulse_privacy"] {
            assertDenied("UPDATE civicpulse.events SET service = 'x'", as: role)
            assertDenied("DELETE FROM civicpulse.events", as: role)
        }
        let owner = try connection.query("SELECT current_user")[0].decode(String.self, 0)
        assertDenied("UPDATE civicpulse.events SET service = 'x'", as: owner)
        assertDenied("DELETE FROM civicpulse.events", as: owner)
        assertDenied("TRUNCATE civicpulse.events", as: owner)
    }

    func testRolesAreCreatedOnceForTheWholeServer() throws {
        for name in ["006_roles", "097_privacy_role"] {
            let migration = try Migrator.bundled().migrations.first { $0.name == name }!
            try connection.execute(migration.sql) // as a second database's migration would
        }
        let roles = try connection.query("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'civicpulse\\_%' ORDER BY 1")
        XCTAssertEqual(try roles.map { try $0.decode(String.self, 0) }, ["civicpulse_analyst", "civicpulse_ingest", "civicpulse_privacy", "civicpulse_processor"])
        XCTAssertFalse(try roles.contains { try $0.decode(Bool.self, 1) }, "group roles: granted to people, not logged in as")
    }
}
