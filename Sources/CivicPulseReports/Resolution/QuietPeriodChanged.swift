import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// The pipeline's `sla.resolution_quiet_period` is not the one the processor kept the items'
/// resolutions with: it changed since the last `civicpulse process`, which recomputes them.
/// Reports refuse rather than count resolutions by a quiet period the pipeline no longer says.
public struct QuietPeriodChanged: Error, Equatable, CustomStringConvertible {
    public let pipeline: TimeInterval
    public let kept: TimeInterval

    public var description: String {
        "sla.resolution_quiet_period is \(ResolutionFigures.quietPeriod(pipeline)) in the pipeline, but the items' resolutions were "
            + "kept with \(ResolutionFigures.quietPeriod(kept)): run `civicpulse process` (it recomputes them) and ask again"
    }

    /// Throws when `config`'s quiet period is not the one `org`'s resolutions were kept with.
    static func check(org: String, config: PipelineConfig, on connection: Connection) throws {
        if let kept = try SLASettings.recordedQuietPeriod(org: org, on: connection), kept != config.resolutionQuietPeriod {
            throw QuietPeriodChanged(pipeline: config.resolutionQuietPeriod, kept: kept)
        }
    }
}
