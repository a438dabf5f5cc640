import Crypto
import Foundation

/// A message in a conversation between residents and the org, as response matching sees it.
public struct ConversationMessage: Sendable, Equatable {
    public var eventID: UUID
    /// `platform:conversation id` (or the message's own id when it starts none).
    public var conversationKey: String
    public var org: String
    public var platform: String
    public var channel: String
    public var account: String
    public var service: String
    public var kind: EventKind
    public var actorHash: Data?
    public var actorIsOrg: Bool
    public var addresseeHash: Data?
    public var occurredAt: Date
    public var sourceID: String
    /// Whether the text matched an emergency keyword of the SLA policy in force when it was sent.
    public var urgent: Bool
    /// For a `delete`, `hide` or `unhide`: the platform id of the message it acts on.
    public var targetSourceID: String?

    public init(eventID: UUID, conversationKey: String, org: String, platform: String, channel: String, account: String,
                service: String, kind: EventKind, actorHash: Data?, actorIsOrg: Bool, addresseeHash: Data?,
                occurredAt: Date, sourceID: String, urgent: Bool = false, targetSourceID: String? = nil) {
        self.eventID = eventID
        self.conversationKey = conversationKey
        self.org = org
        self.platform = platform
        self.channel = channel
        self.account = account
        self.service = service
        self.kind = kind
        self.actorHash = actorHash
        self.actorIsOrg = actorIsOrg
        self.addresseeHash = addresseeHash
        self.occurredAt = occurredAt
        self.sourceID = sourceID
        self.urgent = urgent
        self.targetSourceID = targetSourceID
    }

    /// The platform's name for a message's conversation: what `inspect` shows.
    public static func key(platform: String, conversationID: String?, sourceID: String) -> String {
        "\(platform):\(conversationID ?? sourceID)"
    }

    /// The key that groups one council's messages of a platform into conversations. Two councils
    /// may write in one platform conversation (both answer in one X thread, a resident tags both):
    /// each council's items are judged from its own messages only, as in a database of its own, so
    /// the council is part of the key.
    ///
    /// A digest of `org/platform:conversation`, 15 characters: four projection tables key and
    /// index by it, and the name in full (52 bytes on average) cost about 0.085 bytes of
    /// projections per byte of log (docs/performance.md, "Conversation keys as digests"). Fifteen
    /// bytes is Swift's longest string held inline, with no allocation, which the processor's
    /// dictionaries of conversations hash and compare. Nothing reads a council or a platform back
    /// out of a key; the first 90 bits of SHA-256 make two conversations of one database sharing a
    /// key as likely as not only past some 4·10^13 of them.
    public static func key(org: String, platform: String, conversationID: String?, sourceID: String) -> String {
        let name = "\(org)/\(key(platform: platform, conversationID: conversationID, sourceID: sourceID))"
        // Base64url by hand: the processor makes a key for every conversational event, and
        // Foundation's encoder and two replacements cost a few microseconds each.
        var characters: [UInt8] = []
        characters.reserveCapacity(16)
        SHA256.hash(data: Data(name.utf8)).withUnsafeBytes { digest in
            // Six bits a character, the first 96 bits; the last character is dropped: 90 bits.
            for group in stride(from: 0, to: 12, by: 3) {
                let (first, second, third) = (digest[group], digest[group + 1], digest[group + 2])
                characters += [keyAlphabet[Int(first >> 2)], keyAlphabet[Int((first & 0x03) << 4 | second >> 4)],
                               keyAlphabet[Int((second & 0x0f) << 2 | third >> 6)], keyAlphabet[Int(third & 0x3f)]]
            }
        }
        return String(decoding: characters.prefix(15), as: UTF8.self)
    }

    private static let keyAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Whether an event of this kind takes part in response matching.
    public static func isConversational(_ kind: EventKind) -> Bool {
        kind.awaitsResponse || kind == .reply || withdrawals.contains(kind)
    }

    /// Kinds that take a message back, or give it back (`unhide`).
    public static let withdrawals: Set<EventKind> = [.delete, .hide, .unhide]
}

/// A spell of one resident waiting for the org in one conversation.
public struct ResponseItem: Sendable, Equatable {
    /// The event id of the message that opened the spell. Its platform id and link are the log's,
    /// read when a report lists the item (`MessageLinks`): no projection keeps a copy of a
    /// resident's link, so an erasure has none to clear (docs/privacy.md).
    public var itemID: UUID
    public var conversationKey: String
    public var org: String
    public var platform: String
    public var channel: String
    public var account: String
    public var service: String
    public var residentHash: Data?
    public var openedAt: Date
    public var lastMessageAt: Date
    public var messageCount: Int
    /// Urgent when any message of the spell was.
    public var priority: Priority
    public var response: Response?
    /// Messages of the resident's that were deleted or hidden before an answer: not counted.
    public var withdrawnMessages = 0
    /// The messages of the item still standing, in order: each answered one has a reply
    /// (`ResponseReply`), the first of them opening the item.
    public var standing: [Sent] = []

    /// One of the resident's messages in the item.
    public struct Sent: Sendable, Equatable {
        public var eventID: UUID
        public var at: Date
    }

    public struct Response: Sendable, Equatable {
        public var eventID: UUID
        public var at: Date
        public var account: String
    }

    /// Wall-clock seconds from the first message to the first answer, to the millisecond.
    public var responseSeconds: Double? {
        response.map { ExactSeconds.between(openedAt, $0.at) }
    }
}
