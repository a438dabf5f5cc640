import Foundation

/// An item's resolution read message by message, in the matcher's order (docs/calendars-and-sla.md,
/// "Resolution"): the state `Resolution.of` walks through, kept so that the processor can store
/// it and go on from it when later messages come, instead of every report reading every message.
///
/// Its `candidate` over all the messages known is the item's resolution at every instant: the
/// item is resolved at `asOf` exactly when the candidate's quiet period is over by then
/// (`Resolution.isResolved(asOf:quietPeriod:)`). A message after `asOf` cannot change that
/// answer, since each earlier reply was taken back before its own quiet period ended.
public struct ResolutionWalk: Sendable, Equatable {
    public enum Stage: String, Sendable {
        /// No council reply stands: none yet, or the resident wrote back after the last one.
        case waiting
        /// The council's last reply stands, no later reply or follow-up known.
        case replied
        /// A reply or follow-up came the quiet period or more after the last reply: resolved
        /// there, whatever comes later.
        case resolved
    }

    public var stage: Stage
    /// The council's last reply (`replied`) or the reply that resolved the item (`resolved`).
    public var lastReply: Date?
    /// The council's replies walked through, up to `lastReply` once resolved.
    public var replies: Int

    /// Before the item's first message: nothing walked.
    public init() {
        self.init(stage: .waiting, lastReply: nil, replies: 0)
    }

    public init(stage: Stage, lastReply: Date?, replies: Int) {
        self.stage = stage
        self.lastReply = lastReply
        self.replies = replies
    }

    /// The resolution the messages walked give once the quiet period after it passes: nil while
    /// no reply stands.
    public var candidate: Resolution? {
        guard stage != .waiting, let lastReply else { return nil }
        return Resolution(resolvedAt: lastReply, councilReplies: replies)
    }

    /// Walks `message`, the next after the ones walked, for the item whose resident is `resident`
    /// (nil: a resident of one message, who can write no follow-up). A council reply to the
    /// resident (or to nobody in particular) becomes the last reply; a message from the resident
    /// that awaits an answer takes it back; either, `quietPeriod` or more after the last reply,
    /// comes too late to, and the item was resolved at that reply.
    public mutating func walk(_ message: ConversationMessage, resident: Data?, quietPeriod: TimeInterval) {
        guard stage != .resolved else { return }
        let answers = message.actorIsOrg && message.kind == .reply && (message.addresseeHash == nil || message.addresseeHash == resident)
        let followsUp = !message.actorIsOrg && message.kind.awaitsResponse && resident != nil && message.actorHash == resident
        guard answers || followsUp else { return }
        if stage == .replied, let last = lastReply, message.occurredAt.timeIntervalSince(last) >= quietPeriod {
            stage = .resolved
        } else if answers {
            (stage, lastReply, replies) = (.replied, message.occurredAt, replies + 1)
        } else {
            (stage, lastReply) = (.waiting, nil)
        }
    }

    /// The walk on from `self` through `messages` (any order) that come after `from` (the item's
    /// opening, or where `self` stopped) and, when `through` is given, not after it.
    public func walked(_ messages: [ConversationMessage], after from: ResponseMatcher.QuietPoint,
                       through: ResponseMatcher.QuietPoint? = nil, resident: Data?, quietPeriod: TimeInterval) -> ResolutionWalk {
        walked(sorted: messages.sorted { Self.point($0) < Self.point($1) }, after: from, through: through, resident: resident, quietPeriod: quietPeriod)
    }

    /// The same through messages already in the matcher's order, as the processor walks each of a
    /// conversation's items through one sorted copy of its messages.
    public func walked(sorted messages: [ConversationMessage], after from: ResponseMatcher.QuietPoint,
                       through: ResponseMatcher.QuietPoint? = nil, resident: Data?, quietPeriod: TimeInterval) -> ResolutionWalk {
        var walk = self
        var lower = 0, upper = messages.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if Self.point(messages[middle]) > from { upper = middle } else { lower = middle + 1 }
        }
        for message in messages[lower...] {
            guard walk.stage != .resolved, through.map({ Self.point(message) <= $0 }) ?? true else { break }
            walk.walk(message, resident: resident, quietPeriod: quietPeriod)
        }
        return walk
    }

    /// A message's place in the matcher's order.
    public static func point(_ message: ConversationMessage) -> ResponseMatcher.QuietPoint {
        ResponseMatcher.QuietPoint(at: message.occurredAt, eventID: message.eventID)
    }
}

extension Resolution {
    /// The resolution of the item opened by message `itemID` at `openedAt` by `resident` from
    /// every message of its conversation known, to be judged at each instant by
    /// `isResolved(asOf:quietPeriod:)`: what the processor stores with the item.
    public static func candidate(itemID: UUID, openedAt: Date, resident: Data?, in conversation: [ConversationMessage],
                                 quietPeriod: TimeInterval) -> Resolution? {
        ResolutionWalk().walked(conversation, after: ResponseMatcher.QuietPoint(at: openedAt, eventID: itemID),
                                resident: resident, quietPeriod: quietPeriod).candidate
    }

    /// Whether this candidate resolves its item at `asOf`: the quiet period after the reply is over.
    public func isResolved(asOf: Date, quietPeriod: TimeInterval) -> Bool {
        asOf.timeIntervalSince(resolvedAt) >= quietPeriod
    }
}
