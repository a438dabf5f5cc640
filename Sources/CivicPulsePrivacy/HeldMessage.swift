import Foundation

/// One message a resident wrote, as the log and its key hold it now: what a subject access
/// request is answered with (docs/privacy.md, "Access").
public struct HeldMessage: Sendable, Equatable {
    public var eventID: UUID
    /// Where it sits in the log: how the read model finds the message's response item.
    public var logPosition: Int64
    public var occurredAt: Date
    public var platform: String
    public var channel: String
    public var account: String
    public var service: String
    public var kind: String
    public var conversationID: String?
    /// The platform's id of the message.
    public var sourceID: String
    /// Whether its key still exists; once erased (or expired) only its time and where it was
    /// written are held, and `text` and `url` are nil.
    public var readable: Bool
    public var text: String?
    public var url: String?

    public init(eventID: UUID, logPosition: Int64, occurredAt: Date, platform: String, channel: String, account: String,
                service: String, kind: String, conversationID: String?, sourceID: String, readable: Bool, text: String?, url: String?) {
        self.eventID = eventID
        self.logPosition = logPosition
        self.occurredAt = occurredAt
        self.platform = platform
        self.channel = channel
        self.account = account
        self.service = service
        self.kind = kind
        self.conversationID = conversationID
        self.sourceID = sourceID
        self.readable = readable
        self.text = text
        self.url = url
    }
}
