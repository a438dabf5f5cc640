import CivicPulseCore
import Foundation
import Postgres

/// A spike as reports list it (`projections.spikes`, docs/emergencies.md).
public struct ListedSpike: Codable, Sendable, Equatable {
    /// The event id of its `spike_started` event.
    public var spikeID: UUID
    /// `topic`, `service` or `all`.
    public var dimension: String
    /// The topic, the service, or `inbound`.
    public var value: String
    public var startedAt: Date
    /// The first hour back to normal; nil while it lasts.
    public var endedAt: Date?
    /// Called while its first hour was still under way.
    public var early: Bool
    public var startCount: Int
    public var baseline: Double
    public var baselineKind: String
    public var score: Double
    public var peakCount: Int
    public var peakAt: Date
    /// Messages in the hour of the as-of instant (for a spike under way).
    public var currentHourCount: Int?

    enum CodingKeys: String, CodingKey {
        case dimension, value, early, baseline, score
        case spikeID = "spike_id"
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case startCount = "start_count"
        case baselineKind = "baseline_kind"
        case peakCount = "peak_count"
        case peakAt = "peak_at"
        case currentHourCount = "current_hour_count"
    }

    /// `topic flooding`, `service highways`, `all inbound`.
    public var series: String { "\(dimension) \(value)" }

    /// The first 8 hex digits of the id: enough to name it on the command line.
    public var shortID: String { String(spikeID.uuidString.lowercased().prefix(8)) }

    static let columns = """
        spike_id, dimension, value, started_at, ended_at, early, start_count, baseline, baseline_kind, score, peak_count, peak_at
        """

    init(row: Row) throws {
        spikeID = try row.decode(UUID.self, 0)
        dimension = try row.decode(String.self, 1)
        value = try row.decode(String.self, 2)
        startedAt = try row.decode(Date.self, 3)
        endedAt = try row.decode(Date?.self, 4)
        early = try row.decode(Bool.self, 5)
        startCount = try row.decode(Int.self, 6)
        baseline = try row.decode(Double.self, 7)
        baselineKind = try row.decode(String.self, 8)
        score = try row.decode(Double.self, 9)
        peakCount = try row.decode(Int.self, 10)
        peakAt = try row.decode(Date.self, 11)
    }

    /// Spikes under way at `asOf`, with the count of its hour so far; all inbound first, then services, then topics.
    public static func current(org: String, asOf: Date, clock: HourClock, on connection: Connection) throws -> [ListedSpike] {
        let hour = clock.hour(containing: asOf)
        let rows = try connection.query("""
            SELECT \(unescaped: columns),
                   (SELECT c.count FROM projections.hourly_counts c
                    WHERE c.org = s.org AND c.dimension = s.dimension AND c.value = s.value AND c.hour = \(hour)) AS this_hour
            FROM projections.spikes s
            WHERE org = \(org) AND started_at <= \(asOf) AND (ended_at IS NULL OR ended_at > \(asOf))
            ORDER BY dimension, value
            """)
        return try rows.map { row in
            var spike = try ListedSpike(row: row)
            spike.currentHourCount = try row.decode(Int?.self, 12) ?? 0
            return spike
        }
    }

    /// Spikes that overlap `from..<to`, in the order they started.
    public static func overlapping(org: String, from: Date, to: Date, on connection: Connection) throws -> [ListedSpike] {
        try connection.query("""
            SELECT \(unescaped: columns) FROM projections.spikes
            WHERE org = \(org) AND started_at < \(to) AND (ended_at IS NULL OR ended_at > \(from))
            ORDER BY started_at, dimension, value
            """).map(ListedSpike.init(row:))
    }

    /// The spike whose id is, or starts with, `id` (at least 4 hex digits); nil if none or several.
    public static func find(org: String, id: String, on connection: Connection) throws -> ListedSpike? {
        let prefix = id.lowercased()
        guard prefix.count >= 4, prefix.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { return nil }
        let rows = try connection.query("""
            SELECT \(unescaped: columns) FROM projections.spikes
            WHERE org = \(org) AND spike_id::text LIKE \(prefix + "%") LIMIT 2
            """)
        return rows.count == 1 ? try ListedSpike(row: rows[0]) : nil
    }
}
