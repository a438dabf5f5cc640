import Foundation
import Postgres

/// A spike as the detector recorded it (`projections.spikes`, docs/emergencies.md).
public struct SpikeRow: Sendable, Equatable {
    /// The event id of its `spike_started` event.
    public var spikeID: UUID
    public var dimension: String
    public var value: String
    public var startedAt: Date
    public var endedAt: Date?
    public var early: Bool
    public var startCount: Int
    public var baseline: Double
    public var baselineKind: String
    public var score: Double
    public var peakCount: Int
    public var peakAt: Date
    /// Messages in the hour asked about, for a query that asks (`SpikeQueries.current`).
    public var hourCount: Int?

    static let columns = """
        spike_id, dimension, value, started_at, ended_at, early, start_count, baseline, baseline_kind, score, peak_count, peak_at
        """

    /// Reads `columns`, in its order.
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
}
