import CivicPulseCore
import Foundation
import Postgres

/// `ReachRows` in PostgreSQL, in the caller's transaction. A batch is staged with COPY into
/// temporary tables, then folded in with one upsert per table, so a batch costs in proportion to
/// its own size, never to history: counts are added, sketches are unioned (`hll_union`), and a
/// reading replaces the stored one only when it ranks better.
public struct PostgresReachRows: ReachRows {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// Every sketch's parameters: log2m 11, regwidth 5, no explicit mode, sparse on (see migration 005).
    static let sketchParameters = "11, 5, 0, 1"

    public func setTimeZone(org: String, _ zone: TimeZone) throws {
        try connection.query("""
            INSERT INTO projections.org_settings (org, time_zone) VALUES (\(org), \(zone.identifier))
            ON CONFLICT (org) DO UPDATE SET time_zone = excluded.time_zone WHERE org_settings.time_zone <> excluded.time_zone
            """)
    }

    public func addEngagements(_ rows: [EngagementRow]) throws {
        guard !rows.isEmpty else { return }
        try stage(rows)
        let counts = EngagementRow.counted.values.sorted()
        let adds = counts.map { "\($0) = t.\($0) + excluded.\($0)" }.joined(separator: ", ")
        try connection.execute("""
            INSERT INTO projections.engagement_daily AS t (org, service, channel, account, day, \(counts.joined(separator: ", ")),
                post_impressions, engaged_residents)
            SELECT s.org, s.service, s.channel, s.account, s.day, \(Self.sums), sum(s.impressions),
                   coalesce(hll_add_agg(hll_hash_bytea(s.resident), \(Self.sketchParameters)) FILTER (WHERE s.resident IS NOT NULL),
                            hll_empty(\(Self.sketchParameters)))
            FROM staged_engagements s
            GROUP BY s.org, s.service, s.channel, s.account, s.day
            ON CONFLICT (org, service, channel, account, day) DO UPDATE SET \(adds),
                post_impressions = CASE WHEN t.post_impressions IS NULL AND excluded.post_impressions IS NULL THEN NULL
                                        ELSE coalesce(t.post_impressions, 0) + coalesce(excluded.post_impressions, 0) END,
                engaged_residents = hll_union(t.engaged_residents, excluded.engaged_residents)
            """)
    }

    public func removeEngagements(_ rows: [EngagementRow]) throws {
        guard !rows.isEmpty else { return }
        try stage(rows)
        let counts = EngagementRow.counted.values.sorted()
        let keys = "t.org = s.org AND t.service = s.service AND t.channel = s.channel AND t.account = s.account AND t.day = s.day"
        try connection.execute("""
            UPDATE projections.engagement_daily t SET \(counts.map { "\($0) = t.\($0) - s.\($0)" }.joined(separator: ", "))
            FROM (SELECT s.org, s.service, s.channel, s.account, s.day, \(Self.sums)
                  FROM staged_engagements s GROUP BY s.org, s.service, s.channel, s.account, s.day) s
            WHERE \(keys);
            DELETE FROM projections.engagement_daily t USING staged_engagements s
            WHERE \(keys) AND t.post_impressions IS NULL AND \(counts.map { "t.\($0) = 0" }.joined(separator: " AND "))
            """)
    }

    /// Each engagement kind's count in a group of `staged_engagements s`, in the order of the counted columns' names.
    private static let sums = EngagementRow.counted.values.sorted()
        .map { "count(*) FILTER (WHERE s.kind = '\(kind(forColumn: $0))') AS \($0)" }.joined(separator: ", ")

    /// Puts `rows` in the transaction's `staged_engagements`, and nothing else.
    private func stage(_ rows: [EngagementRow]) throws {
        try connection.execute("""
            CREATE TEMPORARY TABLE IF NOT EXISTS staged_engagements (
                org text, service text, channel text, account text, day date, kind text,
                resident bytea, impressions bigint) ON COMMIT DELETE ROWS;
            TRUNCATE staged_engagements
            """)
        try connection.copyIn("COPY staged_engagements FROM STDIN") { writer in
            for row in rows {
                writer.field(row.org)
                writer.field(row.service)
                writer.field(row.channel)
                writer.field(row.account)
                writer.field(row.day.description)
                writer.field(row.kind.rawValue)
                writer.field(row.resident)
                writer.field(row.impressions)
                try writer.endRow()
            }
        }
    }

    public func addReadings(_ rows: [MetricReadingRow]) throws {
        guard !rows.isEmpty else { return }
        try connection.execute("""
            CREATE TEMPORARY TABLE IF NOT EXISTS staged_readings (
                org text, service text, channel text, account text, metric text, period text, day date,
                value double precision, source_metric text, source_rank smallint, observed_at timestamptz,
                log_position bigint) ON COMMIT DELETE ROWS;
            TRUNCATE staged_readings
            """)
        try connection.copyIn("COPY staged_readings FROM STDIN") { writer in
            for row in rows {
                writer.field(row.org)
                writer.field(row.service)
                writer.field(row.channel)
                writer.field(row.account)
                writer.field(row.metric)
                writer.field(row.period)
                writer.field(row.day.description)
                writer.field(row.value)
                writer.field(row.sourceMetric)
                writer.field(row.sourceRank)
                writer.field(row.observedAt)
                writer.field(row.position)
                try writer.endRow()
            }
        }
        // The best reading per key: lowest rank, then latest observed, then latest appended.
        try connection.execute("""
            INSERT INTO projections.account_metrics_daily AS t
            SELECT DISTINCT ON (org, service, channel, account, metric, period, day) *
            FROM staged_readings
            ORDER BY org, service, channel, account, metric, period, day, source_rank, observed_at DESC, log_position DESC
            ON CONFLICT (org, service, channel, account, metric, period, day) DO UPDATE SET
                value = excluded.value, source_metric = excluded.source_metric, source_rank = excluded.source_rank,
                observed_at = excluded.observed_at, log_position = excluded.log_position
            WHERE (t.source_rank, excluded.observed_at, excluded.log_position) > (excluded.source_rank, t.observed_at, t.log_position)
            """)
    }

    public func reset() throws {
        try connection.execute("""
            TRUNCATE projections.engagement_daily, projections.account_metrics_daily
            """)
    }

    private static func kind(forColumn column: String) -> String {
        EngagementRow.counted.first { $0.value == column }!.key.rawValue
    }
}
