import CivicPulseCore
import CivicPulseReadModel
import Foundation

/// Where the counts changed since the detector last judged them, and how far they move its clock:
/// what decides which series are judged again, and from which hour.
///
/// The detector judges only at the end of an appending transaction, so a transaction that
/// spans two batches leaves its first part's changes pending (`SpikeRows.pending`) until
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

    /// The pending changes: `newest` from the detector's row, the series from the pending rows.
    static func pending(org: String, newest: Date?, in rows: any SpikeRows) throws -> SpikeChanges {
        var changes = SpikeChanges()
        if let newest { changes.see(newest) }
        for series in try rows.pending(org: org) {
            changes.count(series.key, at: series.earliest)
            changes.count(series.key, at: series.latest)
        }
        return changes
    }

    /// Stores the changes as pending (replacing what was); the detector's row must exist.
    func savePending(org: String, in rows: any SpikeRows) throws {
        let series = earliest.keys.sorted().map { PendingSeries(key: $0, earliest: earliest[$0]!, latest: latest[$0]!) }
        try rows.savePending(org: org, newest: newest, series: series)
    }
}
