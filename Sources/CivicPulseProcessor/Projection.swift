import CivicPulseCore
import Postgres

/// A read model kept by the processor, over the batch's connection. Each batch is applied to
/// every projection in the same transaction as the checkpoint, in the order `BatchProjections.apply`
/// declares, so all of them always stand at the same point of the log.
protocol Projection: SendableMetatype {
    init(connection: Connection, config: PipelineConfig)
    /// Empties the projection's tables, for a rebuild.
    func reset() throws
}

extension Processor {
    /// Every projection the processor keeps, as a rebuild empties them.
    static let projections: [any Projection.Type] = [
        ResponseProjection.self,
        ReachProjection.self,
        SpikeProjection.self,
        YouTubeProjection.self,
        BusinessClockProjection.self,
    ]
}
