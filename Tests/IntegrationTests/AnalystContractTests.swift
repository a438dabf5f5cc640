import Foundation
import Postgres
import XCTest

/// The analytics views are a contract with analysts' saved queries: their columns and types are
/// pinned here, so changing one is a deliberate act (update docs/analysts.md and this list).
final class AnalystContractTests: XCTestCase {
    var database: TestDatabase!

    override func setUpWithError() throws {
        database = try TestDatabase()
    }

    override func tearDown() {
        database?.drop()
    }

    static let contract: [String: [String]] = [
        "council_league": [
            "rank: bigint", "org: text", "iso_week: text", "week_start: date", "items: bigint", "answered: bigint",
            "response_rate: double precision", "median_response_seconds: double precision", "within_target: bigint",
            "decided: bigint", "within_target_rate: double precision", "engaged_residents: bigint",
        ],
        "events": [
            "position: bigint", "event_id: uuid", "org: text", "platform: text", "source_type: text", "channel: text",
            "account: text", "service: text", "kind: text", "actor_is_org: boolean", "occurred_at: timestamp with time zone",
            "local_date: date", "recorded_at: timestamp with time zone", "source_id: text", "url: text", "has_text: boolean",
            "topics: _text", "lang: text", "reaction_type: text", "metric: text", "metric_period: text",
            "metric_value: double precision", "metric_object_id: text",
        ],
        "first_responses": [
            "item_id: uuid", "org: text", "platform: text", "channel: text", "account: text", "service: text",
            "opened_at: timestamp with time zone", "message_count: bigint", "response_event_id: uuid",
            "responded_at: timestamp with time zone", "responder_account: text", "response_seconds: double precision",
        ],
        "league_table": [
            "org: text", "service: text", "iso_week: text", "week_start: date", "reach: bigint", "reach_change: bigint",
            "reach_accounts: bigint", "engaged_residents: bigint", "engaged_residents_change: bigint",
            "engagement_rate: double precision", "engagement_rate_change: double precision", "items: bigint", "answered: bigint",
            "response_rate: double precision", "response_rate_change: double precision",
            "median_response_seconds: double precision", "median_response_seconds_change: double precision",
        ],
        "reach_daily": [
            "org: text", "service: text", "channel: text", "account: text", "day: date", "iso_week: text", "reach: bigint",
            "reach_7_days: bigint", "reach_28_days: bigint", "impressions: bigint", "views: bigint", "comments: integer",
            "replies: integer", "reactions: integer", "shares: integer", "mentions: integer", "inbound_messages: integer",
            "engagements: integer", "engagement_rate: double precision", "engaged_residents: bigint",
            "engaged_residents_sketch: hll", "followers: bigint",
        ],
        "reach_weekly": [
            "org: text", "service: text", "channel: text", "account: text", "iso_week: text", "week_start: date",
            "reach: bigint", "impressions: bigint", "views: bigint", "comments: bigint", "replies: bigint", "reactions: bigint",
            "shares: bigint", "mentions: bigint", "inbound_messages: bigint", "engagements: bigint",
            "engagement_rate: double precision", "engaged_residents: bigint", "engaged_residents_sketch: hll",
            "followers: bigint", "followers_growth: bigint",
        ],
        "replies": [
            "message_id: uuid", "item_id: uuid", "org: text", "platform: text", "channel: text", "account: text", "service: text",
            "sent_at: timestamp with time zone", "sent_date: date", "item_opened_at: timestamp with time zone",
            "replied_at: timestamp with time zone", "reply_event_id: uuid", "responder_account: text",
            "reply_seconds: double precision", "business_reply_seconds: double precision", "first_of_item: boolean",
        ],
        "response_items": [
            "item_id: uuid", "org: text", "platform: text", "channel: text", "account: text", "service: text",
            "opened_at: timestamp with time zone", "opened_date: date", "last_message_at: timestamp with time zone",
            "message_count: integer", "responded_at: timestamp with time zone", "response_event_id: uuid",
            "responder_account: text", "response_seconds: double precision", "business_response_seconds: double precision",
            "priority: text", "sla_target: text", "sla_business_clock: boolean", "due_at: timestamp with time zone",
            "sla_result: text", "sla_met: boolean", "calendar_version: text", "policy_version: text",
            "judged_at: timestamp with time zone", "opened_weekday: integer", "opened_hour: integer",
            "resolved_at: timestamp with time zone", "resolution_seconds: double precision", "council_replies: integer",
            "resolved_at_first_contact: boolean", "resolution_business_seconds: double precision",
        ],
        "spikes": [
            "spike_id: uuid", "org: text", "dimension: text", "value: text", "started_at: timestamp with time zone",
            "started_date: date", "ended_at: timestamp with time zone", "early: boolean", "start_count: integer",
            "baseline: double precision", "baseline_kind: text", "baseline_hours: integer", "score: double precision",
            "peak_count: integer", "peak_at: timestamp with time zone", "end_count: integer", "end_baseline: double precision",
        ],
    ]

    func testEveryAnalyticsViewHasExactlyThePinnedColumnsAndTypes() throws {
        let rows = try database.connect().query("""
            SELECT table_name, column_name || ': ' || CASE WHEN data_type IN ('USER-DEFINED', 'ARRAY') THEN udt_name ELSE data_type END
            FROM information_schema.columns WHERE table_schema = 'analytics' ORDER BY table_name, ordinal_position
            """)
        var actual: [String: [String]] = [:]
        for row in rows {
            actual[try row.decode(String.self, 0), default: []].append(try row.decode(String.self, 1))
        }
        XCTAssertEqual(Set(actual.keys), Set(Self.contract.keys), "views added or removed")
        for (view, columns) in Self.contract {
            XCTAssertEqual(actual[view], columns, "analytics.\(view) changed")
        }
    }

    func testEveryViewAndColumnIsDocumentedInTheDatabaseAndInDocsAnalysts() throws {
        let connection = try database.connect()
        let undocumented = try connection.query("""
            SELECT c.relname || coalesce('.' || a.attname, '')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = 'analytics' AND c.relkind = 'v' AND c.relname <> 'first_responses'
              AND (obj_description(c.oid, 'pg_class') IS NULL OR (a.attname IS NOT NULL AND col_description(c.oid, a.attnum) IS NULL))
            """)
        XCTAssertEqual(try undocumented.map { try $0.decode(String.self, 0) }, [], "COMMENT ON VIEW / COLUMN missing")
        let doc = try String(contentsOf: Fixtures.root.appendingPathComponent("docs/analysts.md"), encoding: .utf8)
        for (view, columns) in Self.contract {
            XCTAssertTrue(doc.contains("## analytics.\(view)"), "docs/analysts.md has no section for analytics.\(view)")
            for column in columns.map({ String($0.prefix { $0 != ":" }) }) {
                XCTAssertTrue(doc.contains("| `\(column)` |"), "docs/analysts.md does not describe analytics.\(view).\(column)")
            }
        }
    }
}
