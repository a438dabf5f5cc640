import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// Keeps the conversations' messages and their response items, with every reply, in step with the log, through
/// `ResponseRows` (the read model's), and marks the weeks whose items change for `ResponseWeekFigures`.
///
/// For each batch it records the conversational messages, then recomputes the response items of
/// every conversation the batch touched. A conversation is read from its last quiet point
/// (its cut, see `ResponseMatcher`) when all of the batch's messages come after it, else whole:
/// a batch costs in proportion to the conversations it touches and their recent messages, not
/// to the length of history.
struct ResponseProjection: Projection {
    let rows: any ResponseRows
    /// The reply links of public tweets across the log, which give their conversations.
    let links: any ConversationLinkRows
    let config: PipelineConfig

    typealias QuietPoint = ResponseMatcher.QuietPoint

    init(rows: any ResponseRows, links: any ConversationLinkRows, config: PipelineConfig) {
        self.rows = rows
        self.links = links
        self.config = config
    }

    /// The projection over PostgreSQL, in the batch's transaction on `connection`.
    init(connection: Connection, config: PipelineConfig) {
        self.init(rows: PostgresResponseRows(connection: connection, timeZone: config.timeZone),
                  links: ConversationRoots(connection: connection), config: config)
    }

    /// Applies a batch, in log order; gives the same rows whatever the batches' sizes.
    ///
    /// - Parameter urgency: the topic spikes as they stand before the batch is judged: a
    ///   resident's message on an urgent topic during one of them is urgent.
    func apply(_ events: [LoggedEvent], urgency: TopicSpikeCover) throws {
        let keys = try ConversationKeys(events, links: links, rows: rows)
        try record(events, urgency: urgency, keys: keys)
        try correct(events.compactMap(\.corrected), keys: keys)
    }

    /// Records the batch's messages and recomputes the items of the conversations they touch.
    private func record(_ events: [LoggedEvent], urgency: TopicSpikeCover, keys: ConversationKeys) throws {
        // With where each sits in the log, which keys its row.
        let logged = events.compactMap { event in message(event, spikes: urgency, keys: keys).map { (position: event.position, message: $0) } }
        guard !logged.isEmpty else { return try recomputeItems(Array(keys.joined)) }
        let messages = logged.map(\.message)
        // The touched conversations' earlier messages, read before this batch's are written: from
        // the cut when every new message comes after it, else all of them. Only conversations
        // that had messages before can have items to replace, and in a catch-up about half of a
        // batch's conversations are new.
        let earliest = Dictionary(messages.map { ($0.conversationKey, QuietPoint(at: $0.occurredAt, eventID: $0.eventID)) }, uniquingKeysWith: min)
        let cuts = try rows.cuts(of: Array(earliest.keys)).filter { key, cut in cut < earliest[key]! }
        let whole = earliest.keys.filter { cuts[$0] == nil }
        let stored = try rows.messages(of: whole) + rows.messages(after: cuts)
        try rows.append(logged)
        let hadMessages = Set(stored.map(\.conversationKey))
        try writeItems(of: stored + messages, replacing: whole.filter(hadMessages.contains), after: cuts)
        try recomputeItems(keys.joined.filter { earliest[$0] == nil })
    }

    /// Puts each corrected event's message, as its correction tells it, in place of the stored
    /// one, after the batch's messages are recorded (the event may be one of them), and recomputes
    /// the items of the conversations it leaves and joins. The urgency stays as stored: it comes
    /// from the text and the topic spikes, which a correction does not change.
    private func correct(_ corrected: [LoggedEvent], keys: ConversationKeys) throws {
        guard !corrected.isEmpty else { return }
        let stored = Dictionary(try rows.messages(ids: corrected.map(\.eventID)).map { ($0.eventID, $0) }, uniquingKeysWith: { $1 })
        var replacements: [ConversationMessage] = []
        var touched = Set<String>()
        for event in corrected {
            guard let old = stored[event.eventID], var new = message(event, spikes: TopicSpikeCover(), keys: keys) else { continue }
            new.urgent = old.urgent
            // A later correction of the same event knows at least what an earlier one did.
            replacements.removeAll { $0.eventID == new.eventID }
            replacements.append(new)
            touched.formUnion([old.conversationKey, new.conversationKey])
        }
        try rows.replace(replacements)
        try recomputeItems(touched.sorted())
    }

    /// Recomputes the response items of these conversations from all of their messages.
    func recomputeItems(_ keys: [String]) throws {
        guard !keys.isEmpty else { return }
        try writeItems(of: try rows.messages(of: keys), replacing: keys, after: [:])
    }

    /// Writes the items of the conversations these messages make up, after deleting the items
    /// stored for the conversations `keys` names, and for those `cuts` names the items that open
    /// after their cut; then records each conversation's last quiet point. One found in a
    /// conversation read whole replaces the stored one (late messages may have moved it back);
    /// one found in a conversation read from its cut only moves the cut on, since before the cut
    /// that read saw nothing but withdrawals.
    ///
    /// Each item keeps its resolution (`ResolutionUpkeep`): the items written walk their
    /// conversation from their opening; those before a cut, not written again, walk on from it.
    private func writeItems(of messages: [ConversationMessage], replacing keys: [String], after cuts: [String: QuietPoint]) throws {
        let (items, quiet) = ResponseMatcher.matched(messages)
        let resolutions = ResolutionUpkeep(messages: messages, readFrom: cuts, quiet: quiet, config: config)
        let beforeCuts = try rows.resolutions(before: cuts)
        try rows.deleteItems(of: keys)
        try rows.deleteItems(after: cuts)
        try rows.markStale(items.map { ($0.org, $0.openedAt) })
        try rows.insert(items.map { item in
            let verdict = config.verdict(for: item)
            return JudgedResponseItem(item: item, verdict: verdict, replies: config.replies(for: item, judged: verdict),
                                      resolution: resolutions.kept(for: item))
        })
        try rows.updateResolutions(beforeCuts.compactMap(resolutions.walkedOn))
        try rows.saveCuts(quiet, readWhole: Set(messages.map(\.conversationKey)).subtracting(cuts.keys))
    }

    /// The event as response matching sees it, if it takes part. Urgent: an emergency keyword,
    /// or sent on a topic while that topic was in spike.
    private func message(_ event: LoggedEvent, spikes: TopicSpikeCover, keys: ConversationKeys) -> ConversationMessage? {
        guard let kind = event.kind, ConversationMessage.isConversational(kind) else { return nil }
        return ConversationMessage(
            eventID: event.eventID,
            conversationKey: keys.key(for: event),
            org: event.org, platform: event.platform, channel: event.channel, account: event.account,
            service: event.service, kind: kind, actorHash: event.actorHash, actorIsOrg: event.actorIsOrg,
            addresseeHash: event.addresseeHash, occurredAt: event.occurredAt, sourceID: event.sourceID, url: event.url,
            urgent: event.keywordUrgent(config) || spikes.covers(event),
            targetSourceID: ConversationMessage.withdrawals.contains(kind) ? event.parentID : nil
        )
    }

    /// Empties the messages, cuts, items, the weeks' figures and the reply links, for a rebuild.
    func reset() throws {
        try rows.reset()
        try links.reset()
    }
}
