import CivicPulseCore
import Foundation
import Postgres

/// How far the detector has seen, for one org (`projections.spike_detector`).
struct SpikeDetectorState {
    var watermark: Date?
    var historyStart: Date?
    /// After a rebuild: the log position up to which spike events are already in the log.
    var replayUntil: (txID: UInt64, position: Int64)?
    /// Changes counted but not judged yet: the batch ended inside a transaction.
    var pending = SpikeChanges()
    /// Whether pending changes are stored, and must be replaced or cleared on saving.
    var pendingStored = false

    static func load(org: String, on connection: Connection) throws -> SpikeDetectorState {
        let rows = try connection.query("""
            SELECT watermark, history_start, replay_tx_id::text, replay_position, pending_newest FROM projections.spike_detector WHERE org = \(org)
            """)
        guard let row = rows.first else { return SpikeDetectorState() }
        var state = SpikeDetectorState(watermark: try row.decode(Date?.self, 0), historyStart: try row.decode(Date?.self, 1))
        state.pending = try SpikeChanges.loadPending(org: org, newest: try row.decode(Date?.self, 4), on: connection)
        state.pendingStored = !state.pending.isEmpty
        if let tx = try row.decode(String?.self, 2).flatMap(UInt64.init), let position = try row.decode(Int64?.self, 3) {
            state.replayUntil = (tx, position)
        }
        return state
    }

    func save(org: String, on connection: Connection) throws {
        let tx = replayUntil.map { String($0.txID) }
        try connection.query("""
            INSERT INTO projections.spike_detector (org, watermark, history_start, replay_tx_id, replay_position)
            VALUES (\(org), \(watermark), \(historyStart), \(tx)::xid8, \(replayUntil?.position))
            ON CONFLICT (org) DO UPDATE SET watermark = excluded.watermark, history_start = excluded.history_start,
                replay_tx_id = excluded.replay_tx_id, replay_position = excluded.replay_position
            """)
        if pendingStored || !pending.isEmpty {
            try pending.savePending(org: org, on: connection)
        }
    }

    /// Whether the event's spike statements are already in the log (it is being replayed).
    func isReplayed(_ event: LoggedEvent) -> Bool {
        guard let replayUntil, let tx = UInt64(event.txID) else { return false }
        return (tx, event.position) <= (replayUntil.txID, replayUntil.position)
    }

    /// Whether the replay is over once `event` has been processed.
    func reachesReplayEnd(_ event: LoggedEvent) -> Bool {
        guard let replayUntil, let tx = UInt64(event.txID) else { return false }
        return (tx, event.position) >= (replayUntil.txID, replayUntil.position)
    }
}

/// The spikes as the detector last found them (`projections.spikes`).
enum SpikeStore {
    static func load(org: String, keys: [SpikeSeriesKey], on connection: Connection) throws -> [SpikeSeriesKey: [SpikeInterval]] {
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

    /// Series with a spike still under way.
    static func ongoing(org: String, on connection: Connection) throws -> [SpikeSeriesKey] {
        try connection.query("SELECT dimension, value FROM projections.spikes WHERE org = \(org) AND ended_at IS NULL")
            .map { SpikeSeriesKey(dimension: try $0.decode(String.self, 0), value: try $0.decode(String.self, 1)) }
    }

    /// Replaces the series' spikes that start at or after `from` with `spikes`.
    static func replace(org: String, key: SpikeSeriesKey, from: Date, with spikes: [SpikeInterval], on connection: Connection) throws {
        try connection.query("""
            DELETE FROM projections.spikes
            WHERE org = \(org) AND dimension = \(key.dimension) AND value = \(key.value) AND started_at >= \(from)
            """)
        for spike in spikes {
            try connection.query("""
                INSERT INTO projections.spikes (spike_id, org, dimension, value, started_at, ended_at, early, start_count, baseline,
                    baseline_kind, baseline_hours, score, peak_count, peak_at, end_count, end_baseline)
                VALUES (\(SpikeStatements.spikeID(org: org, key: key, start: spike.start)), \(org), \(key.dimension), \(key.value),
                    \(spike.start), \(spike.end), \(spike.early), \(spike.startCount), \(spike.startBaseline.value),
                    \(spike.startBaseline.kind.rawValue), \(spike.startBaseline.references), \(spike.startScore),
                    \(spike.peakCount), \(spike.peakHour), \(spike.endCount), \(spike.endBaseline))
                """)
        }
    }
}
