import Foundation

/// One resident message the council answered, timed to the answer that closed its item: every
/// reply, not only an item's first (docs/response-matching.md, rule 7). The answer itself, the
/// service and the channel are the item's.
public struct ResponseReply: Sendable, Equatable {
    /// The event id of the resident's message.
    public var messageID: UUID
    /// The item the message belongs to, and when it opened (which keys the item's row).
    public var itemID: UUID
    public var itemOpenedAt: Date
    public var sentAt: Date
    /// Wall-clock seconds from the message to the answer.
    public var seconds: Double
    /// The same on the service's business calendar in force when the message was sent.
    public var businessSeconds: Double

    public init(messageID: UUID, itemID: UUID, itemOpenedAt: Date, sentAt: Date, seconds: Double,
                businessSeconds: Double) {
        self.messageID = messageID
        self.itemID = itemID
        self.itemOpenedAt = itemOpenedAt
        self.sentAt = sentAt
        self.seconds = seconds
        self.businessSeconds = businessSeconds
    }

    /// The reply of the message that opened the item: its times are the item's response times.
    public var isFirstOfItem: Bool { messageID == itemID }
}

extension PipelineConfig {
    /// The replies of an item: one per message still standing when it was answered, none while
    /// it is open. Each message is timed on the calendar version in force when it was sent, so
    /// the first one's times are the item's first response (`verdict(for:)` judges the item on
    /// the version in force when it opened, which is then).
    public func replies(for item: ResponseItem) -> [ResponseReply] {
        replies(for: item, openingBusinessSeconds: nil)
    }

    /// The same, for an item `verdict` judges: a message sent when the item opened takes the
    /// verdict's business response time, the same count on the same calendar version, rather
    /// than walking the calendar again (every answered item has one).
    public func replies(for item: ResponseItem, judged verdict: SLAVerdict) -> [ResponseReply] {
        replies(for: item, openingBusinessSeconds: verdict.businessResponseSeconds)
    }

    private func replies(for item: ResponseItem, openingBusinessSeconds: Double?) -> [ResponseReply] {
        guard let answer = item.response?.at else { return [] }
        let calendars = calendar(forService: item.service)
        return item.standing.map { message in
            let opening = message.at == item.openedAt ? openingBusinessSeconds : nil
            return ResponseReply(
                messageID: message.eventID, itemID: item.itemID, itemOpenedAt: item.openedAt, sentAt: message.at,
                seconds: ExactSeconds.between(message.at, answer),
                businessSeconds: opening ?? Double(calendars.version(at: message.at).value.businessSeconds(from: message.at, to: answer))
            )
        }
    }
}
