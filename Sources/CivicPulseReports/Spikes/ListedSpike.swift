import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// A spike as reports list it (docs/emergencies.md).
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

    /// The spike as the read model gives it, with its hour's count when the query counted one.
    init(row: SpikeRow) {
        spikeID = row.spikeID
        dimension = row.dimension
        value = row.value
        startedAt = row.startedAt
        endedAt = row.endedAt
        early = row.early
        startCount = row.startCount
        baseline = row.baseline
        baselineKind = row.baselineKind
        score = row.score
        peakCount = row.peakCount
        peakAt = row.peakAt
        currentHourCount = row.hourCount
    }

    /// Spikes under way at `asOf`, with the count of its hour so far; all inbound first, then services, then topics.
    public static func current(org: String, asOf: Date, clock: HourClock, on connection: Connection) throws -> [ListedSpike] {
        try SpikeQueries.current(org: org, asOf: asOf, hour: clock.hour(containing: asOf), on: connection).map(ListedSpike.init(row:))
    }

    /// Spikes that overlap `from..<to`, in the order they started.
    public static func overlapping(org: String, from: Date, to: Date, on connection: Connection) throws -> [ListedSpike] {
        try SpikeQueries.overlapping(org: org, from: from, to: to, on: connection).map(ListedSpike.init(row:))
    }

    /// The spike whose id is, or starts with, `id` (at least 4 hex digits); nil if none or several.
    public static func find(org: String, id: String, on connection: Connection) throws -> ListedSpike? {
        let prefix = id.lowercased()
        guard prefix.count >= 4, prefix.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { return nil }
        let rows = try SpikeQueries.matching(org: org, prefix: prefix, on: connection)
        return rows.count == 1 ? ListedSpike(row: rows[0]) : nil
    }
}
