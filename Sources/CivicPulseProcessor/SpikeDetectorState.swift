import CivicPulseCore
import CivicPulseReadModel
import Foundation

/// How far the detector has seen, for one org (`SpikeRows.detector`).
struct SpikeDetectorState {
    var watermark: Date?
    var historyStart: Date?
    /// After a rebuild: the log position up to which spike events are already in the log.
    var replayUntil: (txID: UInt64, position: Int64)?
    /// Changes counted but not judged yet: the batch ended inside a transaction.
    var pending = SpikeChanges()
    /// Whether pending changes are stored, and must be replaced or cleared on saving.
    var pendingStored = false

    static func load(org: String, from rows: any SpikeRows) throws -> SpikeDetectorState {
        guard let row = try rows.detector(org: org) else { return SpikeDetectorState() }
        var state = SpikeDetectorState(watermark: row.watermark, historyStart: row.historyStart)
        state.pending = try SpikeChanges.pending(org: org, newest: row.pendingNewest, in: rows)
        state.pendingStored = !state.pending.isEmpty
        if let tx = row.replayTxID.flatMap(UInt64.init), let position = row.replayPosition {
            state.replayUntil = (tx, position)
        }
        return state
    }

    func save(org: String, in rows: any SpikeRows) throws {
        try rows.saveDetector(org: org, SpikeDetectorRow(watermark: watermark, historyStart: historyStart,
                                                         replayTxID: replayUntil.map { String($0.txID) }, replayPosition: replayUntil?.position))
        if pendingStored || !pending.isEmpty {
            try pending.savePending(org: org, in: rows)
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
