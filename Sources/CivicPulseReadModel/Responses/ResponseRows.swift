import CivicPulseCore
import Foundation

/// The rows the response projection keeps: residents' and the org's conversational messages
/// after their conversation's last quiet point (`projections.conversation_messages`), those at or
/// before it, and those of conversations long silent, as their places in the log
/// (`projections.conversation_settled`, with each council's horizon in
/// `projections.conversation_horizons`), each conversation's last quiet point
/// (`projections.conversation_cuts`), the response items (`projections.response_items`) with the
/// replies of their later messages (`projections.later_replies`: a first message's reply is its
/// item's answer) and which weeks of them the summary's stored figures no longer match
/// (`projections.response_weeks_stale`).
///
/// The projection's logic (`ResponseMatcher`, and which conversations a batch reads whole or
/// from their cut) runs over this protocol, as hummingbird's persist logic runs over
/// `PersistDriver`: `PostgresResponseRows` keeps the rows in the batch's transaction,
/// `MemoryResponseRows` keeps them in memory with the same behaviour, for tests without a server.
public protocol ResponseRows {
    /// The stored quiet points of these conversations (those that have one).
    func cuts(of keys: [String]) throws -> [String: ResponseMatcher.QuietPoint]
    /// Every stored message of these conversations.
    func messages(of keys: [String]) throws -> [ConversationMessage]
    /// The stored messages after each conversation's cut, and all of its withdrawals.
    func messages(after cuts: [String: ResponseMatcher.QuietPoint]) throws -> [ConversationMessage]
    /// The stored messages of these events (those stored).
    func messages(ids: [UUID]) throws -> [ConversationMessage]
    /// Puts these messages in place of the stored ones of the same events, where each stays in
    /// the log: a correction tells more about an event, it is not a new message.
    func replace(_ messages: [ConversationMessage]) throws
    /// Stores messages, each with its position in the log, which keys its row; then settles each
    /// conversation `through` names up to that point (its cut as now stored): its messages at or
    /// before it, but for withdrawals, those stored and those given here, are kept only as their
    /// positions (`SettledMessages`). A conversation's stored messages are then those after its
    /// cut and its withdrawals, which is all `messages(after:)` reads.
    func append(_ messages: [(position: Int64, message: ConversationMessage)], settlingThrough through: [String: ResponseMatcher.QuietPoint]) throws
    /// Takes the settled messages of these conversations out, for the caller to read them from
    /// the log and store them again (`append`) before it reads the conversations whole.
    func unsettle(_ keys: [String]) throws -> [SettledMessages]
    /// The same for the conversations that hold messages at these positions in the log.
    func unsettle(holding positions: [Int64]) throws -> [SettledMessages]
    /// These councils' horizons: the newest conversational message of each recorded so far.
    func horizons(of councils: [String]) throws -> [String: Date]
    /// Moves each council's horizon on to the newest of these message times (by council; a
    /// horizon never moves back); returns the horizons these councils had before.
    func moveHorizons(to newest: [String: Date]) throws -> [String: Date]
    /// Settles whole every conversation of these councils whose stored messages all come
    /// `SettledMessages.silence` or more before its council's horizon (`horizons`, as stored):
    /// all of them, withdrawals too, and forgets its cut, so that the next message reads it
    /// whole. Run at the end of every catch-up, it leaves what the log processed so far gives,
    /// however it was batched.
    func settleSilent(horizons: [String: Date]) throws
    /// Deletes the items of these conversations with their replies, marking their weeks stale.
    func deleteItems(of keys: [String]) throws
    /// Deletes each conversation's items that open after its cut with their replies, marking
    /// their weeks stale.
    func deleteItems(after cuts: [String: ResponseMatcher.QuietPoint]) throws
    /// Marks stale the weeks that items opened at these instants fall in.
    func markStale(_ opened: [(org: String, at: Date)]) throws
    /// Stores items with their SLA verdicts, their replies and their resolutions.
    func insert(_ items: [JudgedResponseItem]) throws
    /// The resolutions kept with each conversation's items that open at or before its cut, but
    /// for those already resolved at the cut: no later message changes them, so a batch need not
    /// read them (an old conversation touched again holds mostly such items).
    func resolutions(before cuts: [String: ResponseMatcher.QuietPoint]) throws -> [ResolutionBeforeCut]
    /// Puts these resolutions in place of those kept with the same items.
    func updateResolutions(_ resolutions: [ResolutionBeforeCut]) throws
    /// Forgets the cuts of the conversations `readWhole` names, then records each of `quiet`,
    /// moving a stored cut only forward.
    func saveCuts(_ quiet: [String: ResponseMatcher.QuietPoint], readWhole: Set<String>) throws
    /// Renames conversations (old key → new key): their messages, settled ones too, and items go
    /// under the new key, and the cuts of both go, since a joined thread must be read whole once.
    func rename(_ keys: [String: String]) throws
    /// Empties the messages, settled ones too, cuts, items and replies, and the weeks' stored figures and stale marks, for
    /// a rebuild: its batches mark every week with items again.
    func reset() throws
}

/// A response item as stored: the item, the SLA verdict the pipeline's policy gives it, its
/// replies timed on the service's calendar (`PipelineConfig.replies(for:)`) and its resolution
/// on the pipeline's quiet period.
public struct JudgedResponseItem: Sendable, Equatable {
    public var item: ResponseItem
    public var verdict: SLAVerdict
    public var replies: [ResponseReply]
    public var resolution: KeptResolution

    public init(item: ResponseItem, verdict: SLAVerdict, replies: [ResponseReply], resolution: KeptResolution) {
        self.item = item
        self.verdict = verdict
        self.replies = replies
        self.resolution = resolution
    }
}

/// An org's local week whose stored response figures are out of date.
public struct StaleWeek: Sendable, Hashable {
    public var org: String
    /// The week's Monday 00:00 in the pipeline's time zone.
    public var start: Date

    public init(org: String, start: Date) {
        self.org = org
        self.start = start
    }
}
