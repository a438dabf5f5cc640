import Foundation
import Postgres

/// What reports read of the spike detector's projections: how far the data goes
/// (`projections.spike_detector`), the spikes (`projections.spikes`) and the hourly counts of
/// residents' messages they were judged on (`projections.hourly_counts`).
public enum SpikeQueries {
    /// The detector's history start (the first hour with a resident's message) and watermark
    /// (the newest message time processed) for `org`; both nil before anything was processed.
    public static func dataSpan(org: String, on connection: Connection) throws -> (start: Date?, until: Date?) {
        guard let row = try connection.query("SELECT history_start, watermark FROM projections.spike_detector WHERE org = \(org)").first else {
            return (nil, nil)
        }
        return (try row.decode(Date?.self, 0), try row.decode(Date?.self, 1))
    }

    /// Spikes under way at `asOf`, each with its series' count in the hour starting at `hour`
    /// (0 when none); ordered by dimension (`all` first, then services, then topics) and value.
    public static func current(org: String, asOf: Date, hour: Date, on connection: Connection) throws -> [SpikeRow] {
        let rows = try connection.query("""
            SELECT \(unescaped: SpikeRow.columns),
                   (SELECT c.count FROM projections.hourly_counts c
                    WHERE c.org = s.org AND c.dimension = s.dimension AND c.value = s.value AND c.hour = \(hour)) AS this_hour
            FROM projections.spikes s
            WHERE org = \(org) AND started_at <= \(asOf) AND (ended_at IS NULL OR ended_at > \(asOf))
            ORDER BY dimension, value
            """)
        return try rows.map { row in
            var spike = try SpikeRow(row: row)
            spike.hourCount = try row.decode(Int?.self, 12) ?? 0
            return spike
        }
    }

    /// Spikes that overlap `from..<to`, in the order they started.
    public static func overlapping(org: String, from: Date, to: Date, on connection: Connection) throws -> [SpikeRow] {
        try connection.query("""
            SELECT \(unescaped: SpikeRow.columns) FROM projections.spikes
            WHERE org = \(org) AND started_at < \(to) AND (ended_at IS NULL OR ended_at > \(from))
            ORDER BY started_at, dimension, value
            """).map(SpikeRow.init(row:))
    }

    /// Up to two spikes whose id starts with `prefix` (lower-case hex digits and dashes): two
    /// mean the prefix is ambiguous.
    public static func matching(org: String, prefix: String, on connection: Connection) throws -> [SpikeRow] {
        try connection.query("""
            SELECT \(unescaped: SpikeRow.columns) FROM projections.spikes
            WHERE org = \(org) AND spike_id::text LIKE \(prefix + "%") LIMIT 2
            """).map(SpikeRow.init(row:))
    }

    /// The first hour the detector knows of for `org`: its history start, or before the
    /// detector ran, the first hour counted; nil with no counts at all.
    public static func historyStart(org: String, on connection: Connection) throws -> Date? {
        try connection.query("""
            SELECT coalesce((SELECT history_start FROM projections.spike_detector WHERE org = \(org)),
                            (SELECT min(hour) FROM projections.hourly_counts WHERE org = \(org)))
            """)[0].decode(Date?.self, 0)
    }

    /// Every hourly count of `org` from `since` to `until`, both included.
    public static func hourlyCounts(org: String, since: Date, until: Date, on connection: Connection) throws -> [HourlyCountRow] {
        try connection.query("""
            SELECT dimension, value, hour, count FROM projections.hourly_counts
            WHERE org = \(org) AND hour >= \(since) AND hour <= \(until)
            """).map { row in
            HourlyCountRow(dimension: try row.decode(String.self, 0), value: try row.decode(String.self, 1),
                           hour: try row.decode(Date.self, 2), count: try row.decode(Int.self, 3))
        }
    }
}

/// Residents' messages of one series (dimension and value) in one hour.
public struct HourlyCountRow: Sendable, Equatable {
    public var dimension: String
    public var value: String
    public var hour: Date
    public var count: Int
}
