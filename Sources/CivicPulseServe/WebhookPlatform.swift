import CivicPulseIngest

/// A platform that delivers to a webhook route: where its deliveries are archived and which
/// reader `ingest` reads them with.
public enum WebhookPlatform: String, Sendable, CaseIterable {
    case meta
    case x

    /// The archive's platform folder, as fetch names it, so `civicpulse ingest` reads the files back
    /// from where a person expects them.
    var archiveFolder: String {
        switch self {
        case .meta: "facebook"
        case .x: "twitter"
        }
    }

    /// The reader `ingest` reads its deliveries with: a Page delivery is read as `ingest facebook`
    /// reads a webhook file, an X one as `ingest twitter-activity`.
    var source: IngestSource {
        switch self {
        case .meta: .facebook
        case .x: .twitterActivity
        }
    }
}
