import CivicPulseCore
import CivicPulseReadModel
import Postgres

/// The channels a report may be asked for: those the pipeline's accounts and column mappings
/// report under, and those responses in the projections were recorded under (a channel the
/// pipeline no longer names still has its history).
public enum KnownChannels {
    /// The accounts' platforms and the mappings' channels, sorted.
    public static func configured(in config: PipelineConfig) -> [String] {
        Set(config.accounts.map(\.platform) + config.channels.map(\.channel)).sorted()
    }

    /// The channels `org`'s response items were recorded under, sorted. It reads the whole
    /// projection, so it is asked only when `configured` does not know a name.
    public static func recorded(org: String, on connection: Connection) throws -> [String] {
        try ResponseItemQueries.recordedChannels(org: org, on: connection)
    }
}
