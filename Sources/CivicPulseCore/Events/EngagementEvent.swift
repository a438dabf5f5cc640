import Foundation

/// What an event records, in the platform-neutral terms every report uses.
public enum EventKind: String, Sendable, Codable, CaseIterable {
    /// A resident writes to the org directly: a mention or reply to an org account, a DM.
    case inboundMessage = "inbound_message"
    /// A resident comments on the org's own content (a Page post, a video).
    case comment
    /// A post about the place seen by listening, not addressed to the org.
    case mention
    /// The org answers a resident.
    case reply
    /// The org publishes something of its own.
    case post
    /// Anyone re-shares something (retweet, share).
    case share
    /// Anyone reacts (like, love, …).
    case reaction
    /// A number the platform reports about an account or post at a time (reach, views, followers).
    case metricSnapshot = "metric_snapshot"
    /// An earlier message was edited, deleted, hidden or unhidden; the original event stays.
    case edit, delete, hide, unhide
    /// The processor noticed a surge in volume, or its end.
    case spikeStarted = "spike_started"
    case spikeEnded = "spike_ended"
    /// A later reading of an event told what the log's copy left unknown (its account, thread or
    /// addressee): the event as now known, appended by ingest (``EventCorrection``).
    case correction

    /// Whether a resident's message of this kind waits for an answer from the org.
    public var awaitsResponse: Bool {
        self == .inboundMessage || self == .comment
    }

    /// Kinds only the processor appends (platform ``derivedPlatform``); no payload makes one,
    /// and the log refuses them from anyone else (migration 029).
    public var isDerived: Bool {
        self == .spikeStarted || self == .spikeEnded
    }

    /// The platform of the processor's own events.
    public static let derivedPlatform = "civicpulse"

    /// The kinds a payload or column mapping may give: a correction is made only by the log
    /// itself, from two readings of one event.
    public static let ingestible = allCases.filter { !$0.isDerived && $0 != .correction }
}

/// One normalised engagement event: an immutable fact in the log.
///
/// The same platform object always yields the same ``eventID``, so ingesting a file twice
/// appends nothing the second time.
public struct EngagementEvent: Sendable, Equatable {
    public var eventID: UUID
    /// The platform the payload came from: `twitter`, `facebook`, `youtube`, or a generic source.
    public var platform: String
    /// The platform's own name for what this is (`tweet`, `comment`, `page_insight`, …).
    public var sourceType: String
    /// The platform's id for it, always as a string: v1.1 ids exceed 2^53.
    public var sourceID: String
    public var org: String
    /// Where residents see it: `twitter`, `facebook`, `youtube`, `instagram`, …
    public var channel: String
    /// The org account it concerns (an id from the pipeline config), or `unknown`.
    public var account: String
    /// The service it is attributed to, or `unassigned` when no rule matched.
    public var service: String
    public var kind: EventKind
    public var conversationID: String?
    public var parentID: String?
    /// HMAC of the platform user id; the id itself is never stored.
    public var actorHash: Data?
    public var actorIsOrg: Bool
    /// HMAC of the user this message answers, when the platform says.
    public var addresseeHash: Data?
    /// HMAC of the author's handle (``ActorHasher/hash(platform:handle:)``), when the payload
    /// names it: never logged, only linked to ``actorHash`` in `privacy.handles`, so that a
    /// resident known by handle alone can be found (`forget --handle`, docs/privacy.md).
    public var actorHandleHash: Data?
    public var occurredAt: Date
    /// Message text: kept in the raw log only, never in analyst views.
    public var text: String?
    /// A link a person can open to see the message on the platform.
    public var url: String?
    /// Everything else worth keeping, as JSON: metrics, topics, flags.
    public var details: [String: JSONValue]

    public init(
        platform: String, sourceType: String, sourceID: String, org: String, channel: String,
        account: String, service: String, kind: EventKind, conversationID: String? = nil,
        parentID: String? = nil, actorHash: Data? = nil, actorIsOrg: Bool, addresseeHash: Data? = nil,
        actorHandleHash: Data? = nil, occurredAt: Date, text: String? = nil, url: String? = nil, details: [String: JSONValue] = [:]
    ) {
        eventID = EventID.derive(platform: platform, sourceType: sourceType, sourceID: sourceID)
        self.platform = platform
        self.sourceType = sourceType
        self.sourceID = sourceID
        self.org = org
        self.channel = channel
        self.account = account
        self.service = service
        self.kind = kind
        self.conversationID = conversationID
        self.parentID = parentID
        self.actorHash = actorHash
        self.actorIsOrg = actorIsOrg
        self.addresseeHash = addresseeHash
        self.actorHandleHash = actorHandleHash
        self.occurredAt = occurredAt
        self.text = text
        self.url = url
        self.details = details
    }
}
