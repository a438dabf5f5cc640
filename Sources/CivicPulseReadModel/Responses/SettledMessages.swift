import CivicPulseCore
import Foundation

/// A conversation's messages at or before its cut, but for withdrawals, kept as their places in
/// the log (`projections.conversation_settled`, migration 154) rather than as stored messages.
///
/// No later message changes the items they make: the response projection reads a conversation
/// from its cut, and needs them again only to read it whole (a message older than the cut, a
/// correction, a joined thread, an urgency the spikes changed), when it reads them from the log.
/// So the stored messages are bounded by the conversations still open, not a copy of the log.
public struct SettledMessages: Sendable, Equatable {
    public var conversationKey: String
    public var org: String
    /// The messages' positions in the log, ascending: a corrected message's is its event's own.
    public var positions: [Int64]
    /// Those of them that were urgent as stored, ascending.
    public var urgent: [Int64]

    public init(conversationKey: String, org: String, positions: [Int64], urgent: [Int64]) {
        self.conversationKey = conversationKey
        self.org = org
        self.positions = positions
        self.urgent = urgent
    }

    /// Whether `message` settles when its conversation settles through `through` (its cut as
    /// stored): at or before that point, and no withdrawal, which a batch still reads below the
    /// cut (`ResponseRows.messages(after:)`). The one rule of both `ResponseRows`.
    public static func settles(_ message: ConversationMessage, through: [String: ResponseMatcher.QuietPoint]) -> Bool {
        guard let cut = through[message.conversationKey] else { return false }
        return !ConversationMessage.withdrawals.contains(message.kind)
            && ResponseMatcher.QuietPoint(at: message.occurredAt, eventID: message.eventID) <= cut
    }

    /// How long a conversation with stored messages stays silent, before the newest message of its
    /// council the processor has recorded (its horizon), until it settles whole: every message,
    /// withdrawals too, and its cut forgotten, so that a later message reads it whole from the
    /// log. Without it a question never answered would keep its conversation stored for good, and
    /// the stored messages would grow with history, not with the conversations still open
    /// (docs/performance.md, "Silent conversations settle whole"). Four weeks: a council answers or
    /// corrects a month-old conversation rarely, and reading one whole costs a read of the log for
    /// each of its messages.
    public static let silence: TimeInterval = 28 * 86_400

    /// Each council's horizon less `silence`: a conversation whose stored messages all come before
    /// it settles whole.
    public static func silentBefore(_ horizon: Date) -> Date {
        horizon.addingTimeInterval(-silence)
    }

    /// The councils whose silent conversations a batch settles itself, rather than leave them to
    /// the catch-up's end, each with its horizon after the batch, from their horizons before it
    /// (`before`) and the times of the batch's conversational messages (`batch`, oldest to newest
    /// by council): a horizon that comes into a new hour (UTC) makes conversations silent; a
    /// message already `silence` before its council's horizon is stored into a silent
    /// conversation (a log not in time order: one platform's history fetched after another's). A
    /// follower's batch of new messages within the hour settles nothing, so the cost falls on the
    /// batches that change what it finds.
    public static func horizonsToSettle(before: [String: Date], batch: [String: ClosedRange<Date>]) -> [String: Date] {
        func hour(_ instant: Date) -> Double { (instant.timeIntervalSince1970 / 3600).rounded(.down) }
        return batch.reduce(into: [:]) { settling, council in
            let (org, times) = council
            guard let earlier = before[org] else { return settling[org] = times.upperBound }
            let horizon = Swift.max(earlier, times.upperBound)
            if hour(horizon) > hour(earlier) || times.lowerBound < silentBefore(horizon) { settling[org] = horizon }
        }
    }

    /// Whether the message at `position` was urgent.
    public func isUrgent(_ position: Int64) -> Bool {
        urgent.contains(position)
    }
}
