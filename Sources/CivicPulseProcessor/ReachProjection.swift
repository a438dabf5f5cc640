import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// Keeps the engagements and account metrics of reach (docs/reach.md) through `ReachRows`.
///
/// Each event is counted once because the processor applies it once: a batch's projection rows
/// commit with its checkpoint. Every rule is independent of how the log is cut into batches.
struct ReachProjection: Projection {
    let rows: any ReachRows
    let config: PipelineConfig

    init(rows: any ReachRows, config: PipelineConfig) {
        self.rows = rows
        self.config = config
    }

    init(connection: Connection, config: PipelineConfig) {
        self.init(rows: PostgresReachRows(connection: connection), config: config)
    }

    func apply(_ events: [LoggedEvent]) throws {
        let batch = ReachBatch(events[...], config: config)
        try rows.setTimeZone(org: config.org, config.timeZone)
        try rows.addEngagements(batch.engagements)
        try rows.removeEngagements(batch.moved)
        try rows.addReadings(batch.readings)
    }

    func reset() throws {
        try rows.reset()
    }
}
