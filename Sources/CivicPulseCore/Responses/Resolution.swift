import Foundation

/// When a resident's item was resolved (docs/calendars-and-sla.md, "Resolution").
///
/// A first answer often is not the end: the resident writes back, the council answers again.
/// FOI requests ask how long it took to *resolve* what residents raised, and how often one reply
/// was enough, which the first response alone cannot tell. Resolution needs no new event: it is
/// read from the conversation's messages, which the processor already keeps.
public struct Resolution: Sendable, Equatable {
    /// The council's last reply before the resident stayed quiet for the quiet period.
    public var resolvedAt: Date
    /// The council's replies to the resident from the item's opening up to `resolvedAt`.
    public var councilReplies: Int

    public init(resolvedAt: Date, councilReplies: Int) {
        self.resolvedAt = resolvedAt
        self.councilReplies = councilReplies
    }

    /// Resolved with one council reply: the first answer was enough.
    public var atFirstContact: Bool { councilReplies == 1 }

    /// How long a resident must stay quiet after the council's reply for the item to count as
    /// resolved, when the pipeline does not say (`sla.resolution_quiet_period`).
    public static let defaultQuietPeriod: TimeInterval = 48 * 3600

    /// The resolution of the item opened by message `itemID` at `openedAt` by `resident` (nil:
    /// a resident of one message, who can write no follow-up), as known at `asOf`, from the
    /// messages of its conversation; nil while it is not resolved.
    ///
    /// Walking the conversation after the item's first message, up to `asOf`: a council reply to
    /// the resident (or to nobody in particular, as response matching reads one) becomes the
    /// last reply; a message from the resident that awaits an answer, sent less than
    /// `quietPeriod` after the last reply, takes it back (they were not done); a message or reply
    /// `quietPeriod` or more after the last reply comes too late to, and the item was resolved
    /// at that reply. With the messages known so far, the last reply resolves the item once
    /// `quietPeriod` has passed by `asOf`. The quiet period is elapsed time, so clock changes do
    /// not stretch it.
    public static func of(itemID: UUID, openedAt: Date, resident: Data?, in conversation: [ConversationMessage],
                          quietPeriod: TimeInterval, asOf: Date) -> Resolution? {
        let walk = ResolutionWalk().walked(conversation.filter { $0.occurredAt <= asOf }, after: ResponseMatcher.QuietPoint(at: openedAt, eventID: itemID),
                                           resident: resident, quietPeriod: quietPeriod)
        guard let candidate = walk.candidate, walk.stage == .resolved || candidate.isResolved(asOf: asOf, quietPeriod: quietPeriod) else { return nil }
        return candidate
    }
}
