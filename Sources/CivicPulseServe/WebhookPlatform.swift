import CivicPulseIngest

/// A platform that delivers to a webhook route: where its deliveries are archived and which
/// reader `ingest` would read them with.
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

    /// The readers' source: a Page delivery is read as `ingest facebook` reads a webhook file.
    /// Nil for X: no reader understands Account Activity deliveries (`tweet_create_events`,
    /// `direct_message_events`) yet, and the Twitter API v2 reader reads one as a page of no
    /// tweets, so they are quarantined whole instead (``UnreadDelivery``).
    var source: IngestSource? {
        switch self {
        case .meta: .facebook
        case .x: nil
        }
    }

    /// What one of its deliveries is called, in lines for a person.
    var deliveryName: String {
        switch self {
        case .meta: "Meta Page delivery"
        case .x: "X Account Activity delivery"
        }
    }
}
