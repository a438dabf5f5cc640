import CivicPulseCore
import Foundation
import Postgres

/// Keeps `projections.engagement_daily` and `projections.account_metrics_daily` (docs/reach.md).
///
/// A batch is staged with COPY into temporary tables, then folded in with one upsert per table,
/// so a batch costs in proportion to its own size, never to history: counts are added, sketches
/// are unioned (`hll_union`), and a metric reading replaces the stored one only when it ranks
/// better. Every rule is independent of how the log is cut into batches. Each event is counted
/// once because the processor applies it once: a batch's projection rows commit with its checkpoint.
struct ReachProjection: Projection {
    let connection: Connection
    let config: PipelineConfig

    /// The kinds an engagement is made of.
    static let engagementKinds: [EventKind: String] = [
        .comment: "comments", .reply: "replies", .reaction: "reactions", .share: "shares",
        .mention: "mentions", .inboundMessage: "inbound_messages",
    ]
    /// Every sketch's parameters: log2m 11, regwidth 5, no explicit mode, sparse on (see migration 005).
    static let sketchParameters = "11, 5, 0, 1"

    func apply(_ events: [LoggedEvent]) throws {
        let calendar = BusinessCalendar.alwaysOpen(in: config.timeZone)
        var engagements: [(LoggedEvent, CivilDate, Int64?)] = []
        var readings: [(LoggedEvent, ReachMetric)] = []
        for event in events {
            guard let kind = event.kind else { continue }
            if kind == .metricSnapshot {
                let account = config.accounts.first { $0.id == event.account }
                if let reading = ReachMetric.classify(details: Self.details(event), occurredAt: event.occurredAt,
                                                      accountPlatformID: account?.platformID, calendar: calendar) {
                    readings.append((event, reading))
                }
            } else if Self.engagementKinds[kind] != nil || (kind == .post && event.actorIsOrg) {
                // The log sends details only with an impression count (`LoggedEvent.columns`).
                let impressions = event.actorIsOrg && event.details != nil ? Self.impressions(Self.details(event)) : nil
                guard kind != .post || impressions != nil else { continue }
                engagements.append((event, calendar.localDate(of: event.occurredAt), impressions))
            }
        }
        try connection.query("""
            INSERT INTO projections.org_settings (org, time_zone) VALUES (\(config.org), \(config.timeZone.identifier))
            ON CONFLICT (org) DO UPDATE SET time_zone = excluded.time_zone WHERE org_settings.time_zone <> excluded.time_zone
            """)
        if !engagements.isEmpty { try applyEngagements(engagements) }
        if !readings.isEmpty { try applyReadings(readings) }
    }

    private func applyEngagements(_ rows: [(LoggedEvent, CivilDate, Int64?)]) throws {
        try connection.execute("""
            CREATE TEMPORARY TABLE IF NOT EXISTS staged_engagements (
                org text, service text, channel text, account text, day date, kind text,
                resident bytea, impressions bigint) ON COMMIT DELETE ROWS;
            TRUNCATE staged_engagements
            """)
        try connection.copyIn("COPY staged_engagements FROM STDIN") { writer in
            for (event, day, impressions) in rows {
                writer.field(event.org)
                writer.field(event.service)
                writer.field(event.channel)
                writer.field(event.account)
                writer.field(day.description)
                writer.field(event.kind?.rawValue)
                // Engaged residents: people, not the org's own accounts nor authors we cannot tell apart.
                writer.field(event.actorIsOrg ? nil : event.actorHash)
                writer.field(impressions)
                try writer.endRow()
            }
        }
        let counts = Self.engagementKinds.values.sorted()
        let sums = counts.map { "count(*) FILTER (WHERE s.kind = '\(Self.kind(forColumn: $0))')" }.joined(separator: ", ")
        let adds = counts.map { "\($0) = t.\($0) + excluded.\($0)" }.joined(separator: ", ")
        try connection.execute("""
            INSERT INTO projections.engagement_daily AS t (org, service, channel, account, day, \(counts.joined(separator: ", ")),
                post_impressions, engaged_residents)
            SELECT s.org, s.service, s.channel, s.account, s.day, \(sums), sum(s.impressions),
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

    private func applyReadings(_ rows: [(LoggedEvent, ReachMetric)]) throws {
        try connection.execute("""
            CREATE TEMPORARY TABLE IF NOT EXISTS staged_readings (
                org text, service text, channel text, account text, metric text, period text, day date,
                value double precision, source_metric text, source_rank smallint, observed_at timestamptz,
                log_position bigint) ON COMMIT DELETE ROWS;
            TRUNCATE staged_readings
            """)
        try connection.copyIn("COPY staged_readings FROM STDIN") { writer in
            for (event, reading) in rows {
                writer.field(event.org)
                writer.field(event.service)
                writer.field(event.channel)
                writer.field(event.account)
                writer.field(reading.metric)
                writer.field(reading.period)
                writer.field(reading.day.description)
                writer.field(reading.value)
                writer.field(reading.sourceMetric)
                writer.field(reading.sourceRank)
                writer.field(reading.observedAt)
                writer.field(event.position)
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

    private static func kind(forColumn column: String) -> String {
        engagementKinds.first { $0.value == column }!.key.rawValue
    }

    private static func details(_ event: LoggedEvent) -> [String: JSONValue] {
        event.details.flatMap { try? JSONValue.parse(Data($0.utf8)) }?.objectValue ?? [:]
    }

    /// The platform's impression count on one of the org's own messages (Twitter public_metrics).
    private static func impressions(_ details: [String: JSONValue]) -> Int64? {
        guard let count = details["public_metrics"]?["impression_count"]?.doubleValue, count.isFinite, count >= 0 else { return nil }
        return Int64(count)
    }

    func reset() throws {
        try connection.execute("""
            TRUNCATE projections.engagement_daily, projections.account_metrics_daily
            """)
    }
}
