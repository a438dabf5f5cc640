import CivicPulseCore
import Foundation
import Postgres

/// What one stretch of the log adds to the hourly counts, and how far it moves the detector's clock.
struct SpikeCountBatch {
    /// New messages per series and hour.
    var added: [SpikeSeriesKey: [Date: Int]] = [:]
    /// Which series and hours it changed, and how far it moves the clock.
    var changes = SpikeChanges()
    /// Residents' messages on topics, for urgency.
    var onTopics: [(event: LoggedEvent, topics: [String])] = []

    /// Counts residents' messages to the org; the org's own, other orgs' events, and the
    /// processor's own spike events count nowhere.
    init(_ events: ArraySlice<LoggedEvent>, config: PipelineConfig, clock: HourClock) {
        for event in events where event.org == config.org {
            guard let kind = event.kind else { continue }
            if SpikeSeriesKey.advancesClock(kind) {
                changes.see(event.occurredAt)
            }
            guard !event.actorIsOrg else { continue }
            let topics = kind == .mention || kind.awaitsResponse ? event.topics : []
            let keys = SpikeSeriesKey.keys(kind: kind, service: event.service, topics: topics)
            guard !keys.isEmpty else { continue }
            let hour = clock.hour(containing: event.occurredAt)
            for key in keys {
                added[key, default: [:]][hour, default: 0] += 1
                changes.count(key, at: hour)
            }
            if kind.awaitsResponse, !topics.isEmpty {
                onTopics.append((event, topics))
            }
        }
    }

    /// Adds the batch to `projections.hourly_counts`.
    func write(org: String, on connection: Connection) throws {
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
}

enum SpikeCounts {
    /// The counts of `keys` from `since` on, up to `before` when given.
    static func load(org: String, keys: [SpikeSeriesKey], since: Date, before: Date? = nil,
                     on connection: Connection) throws -> [SpikeSeriesKey: [Date: Int]] {
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

    /// Judged series that had messages from `hour` on.
    static func active(org: String, since hour: Date, on connection: Connection) throws -> [SpikeSeriesKey] {
        try connection.query("""
            SELECT DISTINCT dimension, value FROM projections.hourly_counts
            WHERE org = \(org) AND hour >= \(hour) AND dimension <> \(SpikeSeriesKey.mentions)
            """).map { SpikeSeriesKey(dimension: try $0.decode(String.self, 0), value: try $0.decode(String.self, 1)) }
    }

    /// Every judged series the org has ever had messages in.
    static func all(org: String, on connection: Connection) throws -> [SpikeSeriesKey] {
        try connection.query("""
            SELECT DISTINCT dimension, value FROM projections.hourly_counts WHERE org = \(org) AND dimension <> \(SpikeSeriesKey.mentions)
            """).map { SpikeSeriesKey(dimension: try $0.decode(String.self, 0), value: try $0.decode(String.self, 1)) }
    }
}
