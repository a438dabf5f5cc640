import CivicPulseCore
import Postgres

/// A read model kept by the processor. Each batch of events is applied to every projection in
/// the same transaction as the checkpoint, so all of them always stand at the same point of the log.
protocol Projection: SendableMetatype {
    init(connection: Connection, config: PipelineConfig)
    /// Applies a batch, in log order. Must give the same rows whatever the batches' sizes.
    func apply(_ events: [LoggedEvent]) throws
    /// Empties the projection's tables, for a rebuild.
    func reset() throws
}

extension Processor {
    /// Every projection the processor keeps, in the order a batch is applied to them.
    static let projections: [any Projection.Type] = [
        ResponseProjection.self,
        ReachProjection.self,
        SpikeProjection.self,
    ]
}
