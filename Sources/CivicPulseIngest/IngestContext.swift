import CivicPulseCore
import Foundation

/// What every normaliser needs besides the payload: whose data it is, and how to hash people.
public struct IngestContext: Sendable {
    public var config: PipelineConfig
    public var hasher: ActorHasher
    public var file: String
    /// When the payload was fetched (`FetchTime`: a time in the file's name, else its modification
    /// time). Metric snapshots whose payload carries no time of its own (YouTube statistics,
    /// reaction summaries) are dated by it.
    public var observedAt: Date

    public init(config: PipelineConfig, hasher: ActorHasher, file: String, observedAt: Date) {
        self.config = config
        self.hasher = hasher
        self.file = file
        self.observedAt = observedAt
    }

    public func actorHash(platform: String, userID: String?) -> Data? {
        userID.map { hasher.hash(platform: platform, userID: $0) }
    }

    /// The keyed hash of an author's handle, as `privacy.handles` links it to their user id's.
    public func handleHash(platform: String, handle: String?) -> Data? {
        handle.map { hasher.hash(platform: platform, handle: $0) }
    }

    /// The service a message on `account` belongs to: the account's own, or, on a central
    /// account, the first routing rule whose keyword the text contains; else `unassigned`.
    public func service(for account: PipelineConfig.Account?, text: String?) -> String {
        guard let account else { return PipelineConfig.unassigned }
        guard account.central else { return account.service }
        let routed = text.map(KeywordText.init).flatMap { words in config.routing.first { $0.keywords.matches(words) }?.service }
        return routed ?? (config.routing.isEmpty ? account.service : PipelineConfig.unassigned)
    }
}
