import CivicPulseCore
import CivicPulseIngest
import CivicPulseProcessor
import CivicPulseReadModel
import CivicPulseStore
import Foundation
import Postgres
import XCTest

final class MigrationTests: DatabaseTestCase {
    func testMigratingAnUpToDateDatabaseAppliesNothing() throws {
        let connection = try database.connect()
        XCTAssertEqual(try Migrator.bundled().migrate(on: connection), [])
        let states = try Migrator.bundled().status(on: connection)
        XCTAssertFalse(states.isEmpty)
        for (_, name, state) in states {
            guard case .applied = state else { return XCTFail("\(name) is \(state)") }
        }
    }

    func testAnEditedMigrationIsRefusedAndNamed() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: copy) }
        for migration in try Migrator.bundled().migrations {
            let sql = migration.version == 1 ? migration.sql + "\n-- an innocent-looking edit\n" : migration.sql
            try sql.write(to: copy.appendingPathComponent("\(migration.name).sql"), atomically: true, encoding: .utf8)
        }
        let connection = try database.connect()
        XCTAssertThrowsError(try Migrator(directory: copy).migrate(on: connection)) { error in
            XCTAssertTrue("\(error)".contains("001_event_log.sql was edited after it was applied"), "\(error)")
        }
        let state = try Migrator(directory: copy).status(on: connection).first { $0.version == 1 }?.state
        guard case .edited = state else { return XCTFail("expected edited, got \(String(describing: state))") }
    }

    func testANewMigrationIsAppliedInOrderAndRecorded() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: copy) }
        for migration in try Migrator.bundled().migrations {
            try migration.sql.write(to: copy.appendingPathComponent("\(migration.name).sql"), atomically: true, encoding: .utf8)
        }
        try "CREATE TABLE civicpulse.test_extra (id int);".write(to: copy.appendingPathComponent("900_test_extra.sql"), atomically: true, encoding: .utf8)
        try "CREATE TABLE civicpulse.broken (id int); SELECT 1/0;".write(to: copy.appendingPathComponent("901_broken.sql"), atomically: true, encoding: .utf8)
        let connection = try database.connect()
        XCTAssertThrowsError(try Migrator(directory: copy).migrate(on: connection)) { error in
            XCTAssertTrue("\(error)".contains("901_broken.sql"), "\(error)")
            XCTAssertEqual((error as? PostgresError)?.sqlState, "22012")
        }
        let tables = try connection.query("SELECT count(*) FILTER (WHERE relname = 'test_extra'), count(*) FILTER (WHERE relname = 'broken') FROM pg_class")
        XCTAssertEqual(try tables[0].decode(Int.self, 0), 1, "900 applied")
        XCTAssertEqual(try tables[0].decode(Int.self, 1), 0, "901 rolled back as a whole")
    }

    func testProjectionRowsWrittenBeforeMigration023TakeTheirEventsLogPositions() throws {
        // A second database at migration 022, with events and the projection rows of that time;
        // with the privacy tables (070–072, 098), which today's EventLog.append writes to.
        let connection = try databaseMigrated { $0 <= 22 || [70, 71, 72, 98].contains($0) }
        // The events alone: today's ingest also settles the quarantine, in tables of migration 027.
        let tweets = try Fixtures.ingestor(connection).reader.read(file: Fixtures.path("harbourside-tweets.json"))
        _ = try connection.transaction { try EventLog.append(tweets.events, sourceFile: tweets.file, judge: Fixtures.isUrgent, on: connection) }
        try connection.execute("""
            INSERT INTO projections.conversation_messages (event_id, conversation_key, org, platform, channel, account, service,
                kind, actor_is_org, occurred_at, source_id)
            SELECT event_id, 'twitter:' || source_id, org, platform, channel, account, service, kind, actor_is_org, occurred_at, source_id
            FROM civicpulse.events;
            INSERT INTO projections.message_topics (event_id, org, conversation_key, topics, occurred_at, keyword_urgent)
            SELECT event_id, org, 'twitter:' || source_id, '{harbourside}', occurred_at, false FROM civicpulse.events
            """)

        XCTAssertEqual(try Migrator.bundled().migrate(on: connection).first, "023_projection_keys_by_position")
        // message_topics keeps no event id since migration 153: its rows are their events' by time.
        for (table, event) in [("conversation_messages", "event_id"), ("message_topics", "occurred_at")] {
            let rows = try connection.query("""
                SELECT count(*), count(*) FILTER (WHERE p.log_position = e.position)
                FROM projections.\(identifier: table) p JOIN civicpulse.events e USING (\(identifier: event))
                """)[0]
            XCTAssertGreaterThan(try rows.decode(Int.self, 0), 5, table)
            XCTAssertEqual(try rows.decode(Int.self, 1), try rows.decode(Int.self, 0), "every \(table) row has its event's position")
        }
    }

    func testMessagesOnTopicsStoredBeforeMigration132TakeTheUrgencyTheirMessagesHave() throws {
        // A second database at migration 131: one message made urgent by a topic's spike, one
        // routine, as reconsiderUrgency left them in conversation_messages alone.
        let connection = try databaseMigrated { $0 <= 131 }
        try connection.execute("""
            INSERT INTO projections.conversation_messages (log_position, event_id, conversation_key, org, platform, channel, account,
                service, kind, actor_is_org, occurred_at, source_id, urgent)
            VALUES (1, gen_random_uuid(), 'harbourside/twitter:1', 'harbourside', 'twitter', 'public', 'council', 'waste', 'comment',
                    false, '2025-10-13 09:00Z', '1', true),
                   (2, gen_random_uuid(), 'harbourside/twitter:2', 'harbourside', 'twitter', 'public', 'council', 'waste', 'comment',
                    false, '2025-10-13 10:00Z', '2', false);
            INSERT INTO projections.message_topics (log_position, event_id, org, conversation_key, topics, occurred_at, keyword_urgent)
            SELECT log_position, event_id, org, conversation_key, '{bins}', occurred_at, false FROM projections.conversation_messages
            """)

        XCTAssertEqual(try Migrator.bundled().migrate(on: connection).first, "132_message_topics_urgent")
        XCTAssertEqual(try connection.query("SELECT log_position FROM projections.message_topics WHERE urgent ORDER BY 1")
            .map { try $0.decode(Int64.self, 0) }, [1])
    }

    func testReplyTreesStoredBeforeMigration150KeepEveryRootAndLinkInOneRowAMessage() throws {
        // A second database at migration 143: a thread of three tweets (3 below 2 below 1, 3's
        // reader estimating 1 as its root as well), and another council's thread of two.
        let connection = try databaseMigrated { $0 <= 143 }
        try connection.execute("""
            INSERT INTO projections.conversation_links (org, platform, node, up)
            VALUES ('harbourside', 'twitter', '3', '2'), ('harbourside', 'twitter', '3', '1'), ('harbourside', 'twitter', '2', '1'),
                   ('seaview', 'twitter', '9', '8');
            INSERT INTO projections.conversation_roots (org, platform, node, root)
            VALUES ('harbourside', 'twitter', '1', '1'), ('harbourside', 'twitter', '2', '1'), ('harbourside', 'twitter', '3', '1'),
                   ('seaview', 'twitter', '8', '8'), ('seaview', 'twitter', '9', '8')
            """)

        XCTAssertEqual(try Migrator.bundled().migrate(on: connection).first, "150_conversation_nodes")
        XCTAssertEqual(try connection.query("""
            SELECT CASE forest WHEN projections.pair_digest('harbourside', 'twitter') THEN 'harbourside' WHEN projections.pair_digest('seaview', 'twitter') THEN 'seaview' END
                   || ' ' || node || ' root ' || root || ' below ' || coalesce(array_to_string(ups, ','), 'none')
            FROM projections.conversation_nodes ORDER BY 1
            """).map { try $0.decode(String.self, 0) },
            ["harbourside 1 root 1 below none", "harbourside 2 root 1 below 1", "harbourside 3 root 1 below 1,2",
             "seaview 8 root 8 below none", "seaview 9 root 8 below 8"])
        XCTAssertTrue(try connection.query("""
            SELECT to_regclass('projections.conversation_links') IS NULL AND to_regclass('projections.conversation_roots') IS NULL
            """)[0].decode(Bool.self, 0), "the two tables are gone")
    }

    func testMessagesStoredBeforeMigration154SettleAtTheirConversationsCut() throws {
        // A second database at migration 153: a conversation quiet after its third message, with a
        // withdrawal before the cut and a question after it, and one with no cut (unanswered).
        let connection = try databaseMigrated { $0 <= 153 }
        let at = { (minute: Int) in "'2026-11-16 09:00:00+00'::timestamptz + interval '\(minute) minutes'" }
        let row = { (position: Int, key: String, kind: String, minute: Int, urgent: Bool) in
            "(\(position), gen_random_uuid(), '\(key)', 'harbourside', 'facebook', 'facebook', 'page', 'waste', '\(kind)', false, \(at(minute)), 's\(position)', \(urgent))"
        }
        try connection.execute("""
            INSERT INTO projections.conversation_messages
                (log_position, event_id, conversation_key, org, platform, channel, account, service, kind, actor_is_org, occurred_at, source_id, urgent)
            VALUES \([row(1, "a", "comment", 0, true), row(2, "a", "delete", 5, false), row(3, "a", "reply", 10, false), row(4, "a", "comment", 20, false),
                      row(5, "b", "comment", 0, false)].joined(separator: ", "));
            INSERT INTO projections.conversation_cuts SELECT 'a', occurred_at, event_id FROM projections.conversation_messages WHERE log_position = 3
            """)

        XCTAssertEqual(try Migrator.bundled().migrate(on: connection).first, "154_conversation_settled")
        XCTAssertEqual(try connection.query("SELECT log_position FROM projections.conversation_messages ORDER BY 1").map { try $0.decode(Int64.self, 0) },
                       [2, 4, 5], "the withdrawal, the message after the cut and the conversation without one stay")
        XCTAssertEqual(try connection.query("SELECT conversation_key || ' ' || org || ' ' || positions::text || ' ' || urgent::text FROM projections.conversation_settled")
            .map { try $0.decode(String.self, 0) }, ["a harbourside {1,3} {1}"])
    }

    func testMigration155TakesEachCouncilsHorizonFromTheLogTheProcessorHasRead() throws {
        // A second database at migration 154 (with the privacy tables EventLog.append writes to),
        // the fixture's tweets in the log and the checkpoint just before the newest message.
        let connection = try databaseMigrated { $0 <= 154 }
        let tweets = try Fixtures.ingestor(connection).reader.read(file: Fixtures.path("harbourside-tweets.json"))
        _ = try connection.transaction { try EventLog.append(tweets.events, sourceFile: tweets.file, judge: Fixtures.isUrgent, on: connection) }
        let conversational = "kind IN ('inbound_message', 'comment', 'reply', 'delete', 'hide', 'unhide')"
        let read = try connection.query(Query(unsafeSQL: """
            SELECT position - 1 FROM civicpulse.events WHERE \(conversational) ORDER BY occurred_at DESC LIMIT 1
            """))[0].decode(Int64.self, 0)
        try connection.execute("""
            INSERT INTO projections.checkpoints (name, tx_id, position, events_processed)
            SELECT 'responses', tx_id, position, position FROM civicpulse.events WHERE position = \(read);
            INSERT INTO projections.conversation_settled VALUES ('harbourside/twitter:1', 'harbourside', '{1}', '{}')
            """)

        XCTAssertEqual(try Migrator.bundled().migrate(on: connection).first, "155_conversation_horizons")
        let newest = { (read: String) in
            try connection.query(Query(unsafeSQL: "SELECT max(occurred_at) FROM civicpulse.events WHERE \(conversational) AND \(read)"))[0].decode(Date.self, 0)
        }
        let horizon = try connection.query("SELECT org, newest_at FROM projections.conversation_horizons")
        XCTAssertEqual(try horizon.map { try $0.decode(String.self, 0) }, ["harbourside"])
        XCTAssertEqual(try horizon[0].decode(Date.self, 1), try newest("position <= \(read)"), "the newest message the processor has read")
        XCTAssertLessThan(try horizon[0].decode(Date.self, 1), try newest("true"), "not the newest in the log")
    }

    /// Projections left by migration 154 keep a conversation silent for years; once migrated, the
    /// next `process` settles it although no event came since.
    func testAConversationSilentWhenMigration155RunsSettlesAtTheNextCatchUpWithNoNewEvent() throws {
        let connection = try databaseMigrated { $0 <= 154 }
        let tweets = try Fixtures.ingestor(connection).reader.read(file: Fixtures.path("harbourside-tweets.json"))
        _ = try connection.transaction { try EventLog.append(tweets.events, sourceFile: tweets.file, judge: Fixtures.isUrgent, on: connection) }
        // Every event processed; one resident's question of 2020 still stored, unanswered.
        try connection.execute("""
            INSERT INTO projections.checkpoints (name, tx_id, position, events_processed, projections_version)
            SELECT 'responses', tx_id, position, position, \(Checkpoint.projectionsVersion) FROM civicpulse.events ORDER BY position DESC LIMIT 1;
            INSERT INTO projections.conversation_messages
                (log_position, event_id, conversation_key, org, platform, channel, account, service, kind, actor_is_org, occurred_at, source_id)
            VALUES (1, gen_random_uuid(), 'harbourside/twitter:2020', 'harbourside', 'twitter', 'twitter', 'harbourside', 'waste', 'inbound_message',
                    false, '2020-03-02 09:00:00+00', '2020')
            """)
        _ = try Migrator.bundled().migrate(on: connection)

        XCTAssertEqual(try Processor(connection: connection, config: try Fixtures.config()).catchUp(), 0, "no new event")
        XCTAssertEqual(try connection.query("SELECT count(*) FROM projections.conversation_messages")[0].decode(Int.self, 0), 0)
        XCTAssertEqual(try connection.query("""
            SELECT positions::text FROM projections.conversation_settled WHERE conversation_key = 'harbourside/twitter:2020'
            """).map { try $0.decode(String.self, 0) }, ["{1}"], "settled whole")
    }

    /// Migration 156 drops the plain copies of residents' links that the projections kept for
    /// the reports' lists: an upgraded database holds a resident's link only sealed in the log.
    func testMigration156LeavesNoPlainCopyOfALink() throws {
        let connection = try databaseMigrated { $0 <= 155 }
        try connection.execute("""
            INSERT INTO projections.response_items (item_id, conversation_key, org, platform, channel, account, service,
                opened_at, last_message_at, message_count, source_id, url)
            VALUES (gen_random_uuid(), 'harbourside/twitter:156', 'harbourside', 'twitter', 'twitter', 'harbourside', 'waste',
                    '2026-11-16 09:00+00', '2026-11-16 09:00+00', 1, '156', 'https://x.com/resident/status/156');
            INSERT INTO projections.conversation_messages
                (log_position, event_id, conversation_key, org, platform, channel, account, service, kind, actor_is_org, occurred_at, source_id, url)
            VALUES (1, gen_random_uuid(), 'harbourside/twitter:156', 'harbourside', 'twitter', 'twitter', 'harbourside', 'waste',
                    'inbound_message', false, '2026-11-16 09:00+00', '156', 'https://x.com/resident/status/156')
            """)
        let copies = """
            SELECT (SELECT count(*) FROM projections.response_items p WHERE to_jsonb(p)::text LIKE '%status/156%')
                 + (SELECT count(*) FROM projections.conversation_messages p WHERE to_jsonb(p)::text LIKE '%status/156%')
            """
        XCTAssertEqual(try connection.query(Query(unsafeSQL: copies))[0].decode(Int.self, 0), 2)

        XCTAssertEqual(try Migrator.bundled().migrate(on: connection).first, "156_links_read_from_the_log")
        XCTAssertEqual(try connection.query(Query(unsafeSQL: copies))[0].decode(Int.self, 0), 0, "no plain copy of the link is left")
        XCTAssertEqual(try connection.query("SELECT count(*) FROM projections.response_items")[0].decode(Int.self, 0), 1, "the item stays")
    }

    /// Migration 157 keeps each item's calendar and policy versions as one id: the analysts' view
    /// shows every item the labels it was judged by before, and the processor's ids are the migration's.
    func testMigration157KeepsEachItemsVersionsByID() throws {
        let connection = try databaseMigrated { $0 <= 156 }
        let judged = [("standard office calendar v1", "SLA policy v1"), ("library calendar v2: winter", "SLA policy v1"),
                      ("12:a", "b"), ("12", ":ab"), ("calendrier d’été", "politique v3")]
        for (index, (calendar, policy)) in judged.enumerated() {
            try connection.query("""
                INSERT INTO projections.response_items (item_id, conversation_key, org, platform, channel, account, service,
                    opened_at, last_message_at, message_count, calendar_version, policy_version)
                VALUES (gen_random_uuid(), \("key\(index)"), 'harbourside', 'twitter', 'twitter', 'harbourside', 'waste',
                        '2026-11-16 09:00+00'::timestamptz + \(index) * interval '1 minute', '2026-11-16 09:00+00', 1, \(calendar), \(policy))
                """)
        }
        XCTAssertEqual(try Migrator.bundled().migrate(on: connection).first, "157_response_rules")

        let shown = try connection.query("""
            SELECT i.calendar_version, i.policy_version, r.rules_id
            FROM analytics.response_items i JOIN projections.response_items r USING (item_id) ORDER BY i.opened_at
            """).map { (try $0.decode(String.self, 0), try $0.decode(String.self, 1), try $0.decode(Int64.self, 2)) }
        XCTAssertEqual(shown.map(\.0), judged.map(\.0))
        XCTAssertEqual(shown.map(\.1), judged.map(\.1))
        XCTAssertEqual(shown.map(\.2), judged.map { ResponseRules(org: "harbourside", calendarVersion: $0.0, policyVersion: $0.1).id }, "Swift's ids are SQL's")
        XCTAssertEqual(Set(shown.map(\.2)).count, judged.count, "labels that run together as text keep ids of their own")
        XCTAssertEqual(try connection.query("""
            SELECT count(*) FROM information_schema.columns
            WHERE table_schema = 'projections' AND table_name = 'response_items' AND column_name IN ('calendar_version', 'policy_version')
            """)[0].decode(Int.self, 0), 0, "the items keep no label")
    }

    /// Migration 158 keeps only the replies of an item's later messages: the first's is the item's
    /// answer. The analysts' view shows every reply as before, the first one read from its item.
    func testMigration158ReadsAFirstReplyFromItsItem() throws {
        let connection = try databaseMigrated { $0 <= 157 }
        let (first, later) = (UUID(), UUID())
        try connection.query("""
            INSERT INTO projections.response_items (item_id, conversation_key, org, platform, channel, account, service,
                opened_at, last_message_at, message_count, responded_at, response_seconds, business_response_seconds)
            VALUES (\(first), 'key', 'harbourside', 'twitter', 'twitter', 'harbourside', 'waste',
                    '2026-11-16 09:00+00', '2026-11-16 09:30+00', 2, '2026-11-16 10:00+00', 3600, 3000);
            """)
        try connection.query("""
            INSERT INTO projections.response_replies (org, item_opened_at, item_id, message_id, sent_at, reply_seconds, business_reply_seconds)
            VALUES ('harbourside', '2026-11-16 09:00+00', \(first), \(first), '2026-11-16 09:00+00', 3600, 3000),
                   ('harbourside', '2026-11-16 09:00+00', \(first), \(later), '2026-11-16 09:30+00', 1800, 1500)
            """)
        XCTAssertEqual(try Migrator.bundled().migrate(on: connection).first, "158_later_replies")

        XCTAssertEqual(try connection.query("SELECT message_id FROM projections.later_replies").map { try $0.decode(UUID.self, 0) }, [later])
        let shown = try connection.query("""
            SELECT message_id, sent_at, reply_seconds, business_reply_seconds, first_of_item FROM analytics.replies ORDER BY sent_at
            """).map { row in
            [try row.decode(UUID.self, 0).uuidString, "\(try row.decode(Date.self, 1))", "\(try row.decode(Double.self, 2))",
             "\(try row.decode(Double.self, 3))", "\(try row.decode(Bool.self, 4))"]
        }
        XCTAssertEqual(shown, [[first.uuidString, "2026-11-16 09:00:00 +0000", "3600.0", "3000.0", "true"],
                               [later.uuidString, "2026-11-16 09:30:00 +0000", "1800.0", "1500.0", "false"]])
    }

    /// Migration 159 indexes the settled conversations by the sixteenths of the log their
    /// positions fall in: a lookup by position goes through that index and keeps only the rows
    /// holding the position, not their neighbours in the same sixteenth.
    func testMigration159FindsASettledConversationByItsPositionsThroughTheirSixteenths() throws {
        let connection = try databaseMigrated { $0 <= 158 }
        try connection.execute("""
            INSERT INTO projections.conversation_settled (conversation_key, org, positions, urgent)
            VALUES ('a', 'harbourside', '{3,17}', '{}'), ('b', 'harbourside', '{18,40}', '{}'), ('c', 'harbourside', '{100}', '{}')
            """)
        XCTAssertEqual(try Migrator.bundled().migrate(on: connection).first, "159_settled_position_buckets")

        let holding: (String) throws -> [String] = { wanted in
            try connection.query(Query(unsafeSQL: """
                SELECT conversation_key FROM projections.conversation_settled
                WHERE projections.holds_any_position(positions, '\(wanted)'::bigint[]) ORDER BY 1
                """)).map { try $0.decode(String.self, 0) }
        }
        XCTAssertEqual(try holding("{17}"), ["a"], "b shares 17's sixteenth and does not hold it")
        XCTAssertEqual(try holding("{18,100}"), ["b", "c"])
        XCTAssertEqual(try holding("{19,33}"), [])
        try connection.execute("SET enable_seqscan = off")
        let plan = try connection.query("""
            EXPLAIN SELECT conversation_key FROM projections.conversation_settled WHERE projections.holds_any_position(positions, ARRAY[17::bigint])
            """).map { try $0.decode(String.self, 0) }.joined(separator: "\n")
        XCTAssertTrue(plan.contains("conversation_settled_buckets"), plan)
    }

    /// A second database, dropped after the test, with only the bundled migrations whose versions
    /// `applied` takes: a database as an older build left it.
    /// Migration 160 keeps each node of the reply forests under one id for its council and
    /// platform: the processor finds every stored root and link under its own id, and goes on
    /// joining threads from them; the rules' ids stay as they were.
    func testMigration160KeepsEachReplyTreeUnderItsForestsID() throws {
        let connection = try databaseMigrated { $0 <= 159 }
        let winter = ResponseRules(org: "harbourside", calendarVersion: "library calendar v2: winter", policyVersion: "SLA policy v1")
        let rulesID = { try connection.query("SELECT projections.response_rules_id(\(winter.calendarVersion), \(winter.policyVersion))")[0].decode(Int64.self, 0) }
        let before = try rulesID()
        try connection.execute("""
            INSERT INTO projections.conversation_nodes (org, platform, node, root, ups)
            VALUES ('harbourside', 'twitter', '1', '1', NULL), ('harbourside', 'twitter', '2', '1', '{1}'), ('harbourside', 'twitter', '3', '1', '{1,2}'),
                   ('seaview', 'twitter', '2', '9', '{9}'), ('harbourside', 'facebook', '2', '7', '{7}')
            """)
        XCTAssertEqual(try Migrator.bundled().migrate(on: connection).first, "160_conversation_forests")

        let roots = ConversationRoots(connection: connection)
        XCTAssertEqual(try roots.absorb([], asking: ["2", "3"], org: "harbourside", platform: "twitter").roots, ["2": "1", "3": "1"])
        XCTAssertEqual(try roots.absorb([], asking: ["2"], org: "seaview", platform: "twitter").roots, ["2": "9"])
        XCTAssertEqual(try roots.absorb([], asking: ["2"], org: "harbourside", platform: "facebook").roots, ["2": "7"])
        let joined = try roots.absorb([ConversationLinks.Link(node: "1", up: "0"), ConversationLinks.Link(node: "3", up: "2")],
                                      asking: ["3"], org: "harbourside", platform: "twitter")
        XCTAssertEqual(joined, ConversationResolution(roots: ["3": "0"], moved: ["1": "0"]), "the stored links are read, the new ones merged")
        XCTAssertEqual(try connection.query("""
            SELECT node || ' below ' || coalesce(array_to_string(ups, ','), 'none') FROM projections.conversation_nodes
            WHERE forest = (SELECT forest FROM projections.conversation_nodes WHERE root = '0' LIMIT 1) ORDER BY node
            """).map { try $0.decode(String.self, 0) }, ["0 below none", "1 below 0", "2 below 1", "3 below 1,2"])
        XCTAssertEqual(try rulesID(), before)
        XCTAssertEqual(try rulesID(), winter.id, "Swift's rules ids are still SQL's")
    }

    /// Migration 161 keeps a settled conversation's urgent positions only where one is urgent: the
    /// others keep NULL, and every conversation is still found by its positions through the index.
    func testMigration161KeepsNoEmptyUrgentArray() throws {
        let connection = try databaseMigrated { $0 <= 160 }
        try connection.execute("""
            INSERT INTO projections.conversation_settled (conversation_key, org, positions, urgent)
            VALUES ('a', 'harbourside', '{3,17}', '{}'), ('b', 'harbourside', '{18,40}', '{40}')
            """)
        XCTAssertEqual(try Migrator.bundled().migrate(on: connection).first, "161_settled_urgent_when_any")

        XCTAssertEqual(try connection.query("""
            SELECT conversation_key || ' ' || positions::text || ' ' || coalesce(urgent::text, 'none') FROM projections.conversation_settled ORDER BY 1
            """).map { try $0.decode(String.self, 0) }, ["a {3,17} none", "b {18,40} {40}"])
        try connection.execute("SET enable_seqscan = off")
        let plan = try connection.query("""
            EXPLAIN SELECT conversation_key FROM projections.conversation_settled WHERE projections.holds_any_position(positions, ARRAY[17::bigint])
            """).map { try $0.decode(String.self, 0) }.joined(separator: "\n")
        XCTAssertTrue(plan.contains("conversation_settled_buckets"), plan)
        XCTAssertThrowsError(try connection.execute("INSERT INTO projections.conversation_settled VALUES ('a', 'harbourside', '{5}', NULL)"),
                             "the conversation's key is still its primary key")
    }

    private func databaseMigrated(_ applied: (Int) -> Bool) throws -> Connection {
        let before = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
        try FileManager.default.createDirectory(at: before, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: before) }
        for migration in try Migrator.bundled().migrations where applied(migration.version) {
            try migration.sql.write(to: before.appendingPathComponent("\(migration.name).sql"), atomically: true, encoding: .utf8)
        }
        let name = database.name + "_old"
        let admin = try Connection("dbname=postgres")
        try admin.execute("CREATE DATABASE \(quoteIdentifier(name))")
        addTeardownBlock { try? admin.execute("DROP DATABASE IF EXISTS \(quoteIdentifier(name)) WITH (FORCE)") }
        let connection = try Connection("dbname=\(name)")
        _ = try Migrator(directory: before).migrate(on: connection)
        return connection
    }
}
