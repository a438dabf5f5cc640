import CivicPulseCore
import Foundation

/// The payload families `civicpulse ingest <source>` can be told to read.
public enum IngestSource: String, CaseIterable, Sendable {
    case twitter
    case twitterV1 = "twitter-v1"
    case twitterActivity = "twitter-activity"
    case facebook
    case youtube
    case listening

    /// Every reader, in the order detection tries them: the most specific shapes first.
    static let formats: [any PayloadFormat.Type] = [
        YouTubeNormaliser.self,
        TwitterAccountActivityNormaliser.self,
        TwitterV1Normaliser.self,
        TwitterNormaliser.self,
        FacebookNormaliser.self,
        ListeningNormaliser.self,
    ]

    var format: any PayloadFormat.Type {
        Self.formats.first { $0.source == self }!
    }
}

/// One platform's reader: recognises its payloads and turns them into events.
///
/// A format is handed whole documents (an API response page, a webhook delivery) or, for
/// JSON Lines files, one record per line. It never throws for a bad record: it appends a
/// ``Rejection`` to the batch and carries on.
protocol PayloadFormat: SendableMetatype {
    static var source: IngestSource { get }
    /// How a person would name what was read: "Twitter API v2 response".
    static var displayName: String { get }
    /// Whether `document` is this format's (used when the source is not named).
    static func recognises(_ document: JSONValue) -> Bool

    init(context: IngestContext)
    func normalise(document: JSONValue, into batch: inout NormalisedBatch)
    func normalise(line record: JSONValue, lineNumber: Int, into batch: inout NormalisedBatch)
}
