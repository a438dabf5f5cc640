import CivicPulseCore
import Foundation
import Postgres

/// `SpikeRows` in PostgreSQL, in the caller's transaction. Each call is one statement over a
/// batch's series (arrays sent with `unnest`), never one per series or hour.
public struct PostgresSpikeRows: SpikeRows {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    public func detector(org: String) throws -> SpikeDetectorRow? {
        let rows = try connection.query("""
            SELECT watermark, history_start, replay_tx_id::text, replay_position, pending_newest FROM projections.spike_detector WHERE org = \(org)
            """)
        guard let row = rows.first else { return nil }
        return SpikeDetectorRow(watermark: try row.decode(Date?.self, 0), historyStart: try row.decode(Date?.self, 1),
                                replayTxID: try row.decode(String?.self, 2), replayPosition: try row.decode(Int64?.self, 3),
                                pendingNewest: try row.decode(Date?.self, 4))
    }

    public func saveDetector(org: String, _ row: SpikeDetectorRow) throws {
        try connection.query("""
            INSERT INTO projections.spike_detector (org, watermark, history_start, replay_tx_id, replay_position)
            VALUES (\(org), \(row.watermark), \(row.historyStart), \(row.replayTxID)::xid8, \(row.replayPosition))
            ON CONFLICT (org) DO UPDATE SET watermark = excluded.watermark, history_start = excluded.history_start,
                replay_tx_id = excluded.replay_tx_id, replay_position = excluded.replay_position
            """)
    }

    public func pending(org: String) throws -> [PendingSeries] {
        try connection.query("SELECT dimension, value, earliest, latest FROM projections.spike_pending WHERE org = \(org)").map { row in
            PendingSeries(key: SpikeSeriesKey(dimension: try row.decode(String.self, 0), value: try row.decode(String.self, 1)),
                          earliest: try row.decode(Date.self, 2), latest: try row.decode(Date.self, 3))
        }
    }

    public func savePending(org: String, newest: Date?, series: [PendingSeries]) throws {
        try connection.query("DELETE FROM projections.spike_pending WHERE org = \(org)")
        try connection.query("UPDATE projections.spike_detector SET pending_newest = \(newest) WHERE org = \(org)")
        guard !series.isEmpty else { return }
        try connection.query("""
            INSERT INTO projections.spike_pending (org, dimension, value, earliest, latest)
            SELECT \(org), d, v, e::timestamptz, l::timestamptz
            FROM unnest(\(series.map(\.key.dimension))::text[], \(series.map(\.key.value))::text[],
                        \(series.map(\.earliest.postgresText))::text[], \(series.map(\.latest.postgresText))::text[]) AS t(d, v, e, l)
            """)
    }

    public func addCounts(org: String, _ added: [SpikeSeriesKey: [Date: Int]]) throws {
        var dimensions: [String] = [], values: [String] = [], hours: [String] = [], counts: [String] = []
        for (key, byHour) in added {
            for (hour, count) in byHour {
                dimensions.append(key.dimension)
                values.append(key.value)
                hours.append(hour.postgresText)
                counts.append(String(count))
            }
        }
        guard !dimensions.isEmpty else { return }
        try connection.query("""
            INSERT INTO projections.hourly_counts (org, dimension, value, hour, count)
            SELECT \(org), d, v, h::timestamptz, c::integer
            FROM unnest(\(dimensions)::text[], \(values)::text[], \(hours)::text[], \(counts)::text[]) AS t(d, v, h, c)
            ON CONFLICT (org, dimension, value, hour) DO UPDATE SET count = projections.hourly_counts.count + excluded.count
            """)
    }

    public func counts(org: String, keys: [SpikeSeriesKey], since: Date, before: Date?) throws -> [SpikeSeriesKey: [Date: Int]] {
        guard !keys.isEmpty else { return [:] }
        let rows = try connection.query("""
            SELECT dimension, value, hour, count FROM projections.hourly_counts
            WHERE org = \(org) AND hour >= \(since) AND (\(before)::timestamptz IS NULL OR hour < \(before))
              AND (dimension, value) IN (SELECT * FROM unnest(\(keys.map(\.dimension))::text[], \(keys.map(\.value))::text[]))
            """)
        var counts: [SpikeSeriesKey: [Date: Int]] = [:]
        for row in rows {
            let key = SpikeSeriesKey(dimension: try row.decode(String.self, 0), value: try row.decode(String.self, 1))
            counts[key, default: [:]][try row.decode(Date.self, 2)] = try row.decode(Int.self, 3)
        }
        return counts
    }

    public func countedSeries(org: String, since: Date?) throws -> [SpikeSeriesKey] {
        let query: Query = if let since {
            """
            SELECT DISTINCT dimension, value FROM projections.hourly_counts
            WHERE org = \(org) AND hour >= \(since) AND dimension <> \(SpikeSeriesKey.mentions)
            """
        } else {
            """
            SELECT DISTINCT dimension, value FROM projections.hourly_counts WHERE org = \(org) AND dimension <> \(SpikeSeriesKey.mentions)
            """
        }
        return try connection.query(query).map { SpikeSeriesKey(dimension: try $0.decode(String.self, 0), value: try $0.decode(String.self, 1)) }
    }

    public func spikes(org: String, keys: [SpikeSeriesKey]) throws -> [SpikeSeriesKey: [SpikeInterval]] {
        guard !keys.isEmpty else { return [:] }
        let rows = try connection.query("""
            SELECT dimension, value, started_at, ended_at, early, start_count, baseline, baseline_kind, baseline_hours, score,
                   peak_count, peak_at, end_count, end_baseline
            FROM projections.spikes
            WHERE org = \(org)
              AND (dimension, value) IN (SELECT * FROM unnest(\(keys.map(\.dimension))::text[], \(keys.map(\.value))::text[]))
            ORDER BY started_at
            """)
        var spikes: [SpikeSeriesKey: [SpikeInterval]] = [:]
        for row in rows {
            let key = SpikeSeriesKey(dimension: try row.decode(String.self, 0), value: try row.decode(String.self, 1))
            let baseline = SpikeBaseline(
                value: try row.decode(Double.self, 6),
                kind: SpikeBaseline.Kind(rawValue: try row.decode(String.self, 7)) ?? .weekly,
                references: try row.decode(Int.self, 8)
            )
            spikes[key, default: []].append(SpikeInterval(
                start: try row.decode(Date.self, 2), end: try row.decode(Date?.self, 3),
                startCount: try row.decode(Int.self, 5), startBaseline: baseline, startScore: try row.decode(Double.self, 9),
                early: try row.decode(Bool.self, 4), peakCount: try row.decode(Int.self, 10), peakHour: try row.decode(Date.self, 11),
                endCount: try row.decode(Int?.self, 12), endBaseline: try row.decode(Double?.self, 13)
            ))
        }
        return spikes
    }

    public func ongoingSeries(org: String) throws -> [SpikeSeriesKey] {
        try connection.query("SELECT dimension, value FROM projections.spikes WHERE org = \(org) AND ended_at IS NULL")
            .map { SpikeSeriesKey(dimension: try $0.decode(String.self, 0), value: try $0.decode(String.self, 1)) }
    }

    public func replaceSpikes(org: String, key: SpikeSeriesKey, from: Date, with spikes: [(id: UUID, spike: SpikeInterval)]) throws {
        try connection.query("""
            DELETE FROM projections.spikes
            WHERE org = \(org) AND dimension = \(key.dimension) AND value = \(key.value) AND started_at >= \(from)
            """)
        for (id, spike) in spikes {
            try connection.query("""
                INSERT INTO projections.spikes (spike_id, org, dimension, value, started_at, ended_at, early, start_count, baseline,
                    baseline_kind, baseline_hours, score, peak_count, peak_at, end_count, end_baseline)
                VALUES (\(id), \(org), \(key.dimension), \(key.value),
                    \(spike.start), \(spike.end), \(spike.early), \(spike.startCount), \(spike.startBaseline.value),
                    \(spike.startBaseline.kind.rawValue), \(spike.startBaseline.references), \(spike.startScore),
                    \(spike.peakCount), \(spike.peakHour), \(spike.endCount), \(spike.endBaseline))
                """)
        }
    }

    public func topicSpans(org: String, topics: [String]) throws -> [String: [(start: Date, end: Date?)]] {
        let rows = try connection.query("""
            SELECT value, started_at, ended_at FROM projections.spikes
            WHERE org = \(org) AND dimension = \(SpikeSeriesKey.topic) AND value = ANY(\(topics))
            """)
        var spans: [String: [(start: Date, end: Date?)]] = [:]
        for row in rows {
            spans[try row.decode(String.self, 0), default: []].append((try row.decode(Date.self, 1), try row.decode(Date?.self, 2)))
        }
        return spans
    }

    public func recordTopics(_ messages: [MessageTopicRow]) throws {
        guard !messages.isEmpty else { return }
        try connection.copyIn("""
            COPY projections.message_topics (log_position, org, topics, occurred_at, keyword_urgent, urgent) FROM STDIN
            """) { writer in
            for message in messages {
                writer.field(message.position)
                writer.field(message.org)
                writer.field(message.topics)
                writer.field(message.occurredAt)
                writer.field(message.keywordUrgent)
                writer.field(message.urgent)
                try writer.endRow()
            }
        }
    }

    /// Three statements: the messages whose urgency, decided again from `message_topics` and the
    /// spikes, differs from the one they have there, turned over, through the table's
    /// `(org, occurred_at)` index; then the conversation messages of those alone, by log position,
    /// stored and settled.
    /// Compared with `conversation_messages` instead, the planner scanned that whole table after
    /// every change of a topic's spikes, which in a rebuild mostly changes no message (docs/performance.md).
    public func reconsiderUrgency(org: String, topics: [String], from: Date, urgentTopics: [String]) throws -> Set<String> {
        let changed = try connection.query("""
            UPDATE projections.message_topics m SET urgent = NOT m.urgent
            WHERE m.org = \(org) AND m.topics && \(topics)::text[] AND m.occurred_at >= \(from)
              AND m.urgent <> (m.keyword_urgent OR EXISTS (
                      SELECT 1 FROM projections.spikes s
                      WHERE s.org = m.org AND s.dimension = \(SpikeSeriesKey.topic)
                        AND s.value = ANY(m.topics) AND s.value = ANY(\(urgentTopics))
                        AND s.started_at <= m.occurred_at AND (s.ended_at IS NULL OR m.occurred_at < s.ended_at)
                  ))
            RETURNING m.log_position, m.urgent
            """)
        guard !changed.isEmpty else { return [] }
        let positions = BinaryArray(try changed.map { try $0.decode(Int64.self, 0) })
        let urgent = try changed.map { try $0.decode(Bool.self, 1) ? "true" : "false" }
        let keys = try connection.query("""
            UPDATE projections.conversation_messages c SET urgent = d.urgent
            FROM unnest(\(positions), \(urgent)::boolean[]) AS d (log_position, urgent)
            WHERE c.log_position = d.log_position AND c.urgent <> d.urgent
            RETURNING c.conversation_key
            """)
        // Settled messages (migration 154) through the GIN index of their positions' sixteenths
        // (migration 159), which the planner finds with the positions as a parameter; a
        // conversation with none urgent keeps NULL (migration 161).
        let settled = try connection.query("""
            WITH d AS (SELECT * FROM unnest(\(positions), \(urgent)::boolean[]) AS d (log_position, urgent)),
            decided AS (
                SELECT s.conversation_key, nullif(ARRAY(
                    SELECT p FROM unnest(s.positions) AS p LEFT JOIN d ON d.log_position = p
                    WHERE coalesce(d.urgent, p = ANY(s.urgent)) ORDER BY p), '{}') AS urgent
                FROM projections.conversation_settled s WHERE projections.holds_any_position(s.positions, \(positions))
            )
            UPDATE projections.conversation_settled s SET urgent = decided.urgent FROM decided
            WHERE s.conversation_key = decided.conversation_key AND s.urgent IS DISTINCT FROM decided.urgent
            RETURNING s.conversation_key
            """)
        return Set(try keys.map { try $0.decode(String.self, 0) } + settled.map { try $0.decode(String.self, 0) })
    }

    public func gaps(org: String, timeZone: TimeZone, from: Date, through: Date) throws -> [DataGap] {
        try CoverageQueries.gaps(org: org, timeZone: timeZone, from: from, through: through, on: connection)
    }

    public func transactionContinues(org: String, txID: String, after position: Int64) throws -> Bool {
        try connection.query("""
            SELECT EXISTS (SELECT 1 FROM civicpulse.events WHERE tx_id = \(txID)::xid8 AND position > \(position) AND org = \(org))
            """)[0].decode(Bool.self, 0)
    }

    /// The org's last event in the log at or before (`txID`, `position`), as (transaction,
    /// position): how far a rebuild replays the org's events, in a log other councils share.
    /// Only a rebuild over PostgreSQL asks it (`SpikeProjection.replayEnd`).
    public func lastEvent(org: String, atOrBefore txID: UInt64, position: Int64) throws -> (txID: UInt64, position: Int64)? {
        // Backwards along (tx_id, position) from the point: with one council, its first row.
        let rows = try connection.query("""
            SELECT tx_id::text, position FROM civicpulse.events
            WHERE (tx_id, position) <= (\(String(txID))::xid8, \(position)) AND org = \(org)
            ORDER BY tx_id DESC, position DESC LIMIT 1
            """)
        guard let row = rows.first, let tx = UInt64(try row.decode(String.self, 0)) else { return nil }
        return (tx, try row.decode(Int64.self, 1))
    }

    /// Through `civicpulse.append_spike_events` (migration 011), which needs no right on the log
    /// itself and derives the same ids.
    public func appendStatements(_ statements: [EngagementEvent]) throws {
        guard !statements.isEmpty else { return }
        let rows = JSONValue.array(statements.map { event in
            .object([
                "org": .string(event.org), "kind": .string(event.kind.rawValue), "source_id": .string(event.sourceID),
                "service": .string(event.service), "parent_id": event.parentID.map(JSONValue.string) ?? .null,
                "occurred_at": .string(event.occurredAt.formatted(.iso8601)), "details": .object(event.details),
            ])
        })
        try connection.query("SELECT civicpulse.append_spike_events(\(rows.jsonText)::jsonb)")
    }

    public func reset() throws {
        try connection.execute("""
            TRUNCATE projections.hourly_counts, projections.spikes, projections.message_topics, projections.spike_detector,
                projections.spike_pending
            """)
    }
}
