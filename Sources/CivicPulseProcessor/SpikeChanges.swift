import CivicPulseCore
import Foundation
import Postgres

/// Where the counts changed since the detector last judged them, and how far they move its clock:
/// what decides which series are judged again, and from which hour.
///
/// The detector judges only at the end of an appending transaction, so a transaction that
/// spans two batches leaves its first part's changes pending (`projections.spike_pending`) until
/// the batch that reads its last event.
struct SpikeChanges: Equatable {
    /// The earliest hour each series changed at: judgements from there on may change.
    var earliest: [SpikeSeriesKey: Date] = [:]
    /// The latest hour each series changed at: judgements far enough after it cannot change.
    var latest: [SpikeSeriesKey: Date] = [:]
    /// The newest time of a message that moves the clock on.
    var newest: Date?
    /// The earliest hour counted.
    var firstHour: Date?

    var isEmpty: Bool { earliest.isEmpty && newest == nil }

    mutating func count(_ key: SpikeSeriesKey, at hour: Date) {
        earliest[key] = min(earliest[key] ?? hour, hour)
        latest[key] = max(latest[key] ?? hour, hour)
        firstHour = min(firstHour ?? hour, hour)
    }

    mutating func see(_ instant: Date) {
        newest = max(newest ?? instant, instant)
    }

    mutating func merge(_ other: SpikeChanges) {
        for (key, hour) in other.earliest { count(key, at: hour) }
        for (key, hour) in other.latest { count(key, at: hour) }
        if let instant = other.newest { see(instant) }
    }

    /// The pending changes: `newest` from `projections.spike_detector`, the series from `projections.spike_pending`.
    static func loadPending(org: String, newest: Date?, on connection: Connection) throws -> SpikeChanges {
        var changes = SpikeChanges()
        if let newest { changes.see(newest) }
        let rows = try connection.query("SELECT dimension, value, earliest, latest FROM projections.spike_pending WHERE org = \(org)")
        for row in rows {
            let key = SpikeSeriesKey(dimension: try row.decode(String.self, 0), value: try row.decode(String.self, 1))
            changes.count(key, at: try row.decode(Date.self, 2))
            changes.count(key, at: try row.decode(Date.self, 3))
        }
        return changes
    }

    /// Stores the changes as pending (replacing what was); `projections.spike_detector`'s row must exist.
    func savePending(org: String, on connection: Connection) throws {
        try connection.query("DELETE FROM projections.spike_pending WHERE org = \(org)")
        try connection.query("UPDATE projections.spike_detector SET pending_newest = \(newest) WHERE org = \(org)")
        let keys = earliest.keys.sorted()
        guard !keys.isEmpty else { return }
        try connection.query("""
            INSERT INTO projections.spike_pending (org, dimension, value, earliest, latest)
            SELECT \(org), d, v, e::timestamptz, l::timestamptz
            FROM unnest(\(keys.map(\.dimension))::text[], \(keys.map(\.value))::text[],
                        \(keys.map { earliest[$0]!.postgresText })::text[], \(keys.map { latest[$0]!.postgresText })::text[]) AS t(d, v, e, l)
            """)
    }
}
