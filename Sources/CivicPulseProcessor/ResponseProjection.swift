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
///
/// A conversation's messages at or before its cut, but for withdrawals, are settled: kept as their
/// positions in the log (`SettledMessages`), and read from the log again (`MessageLog`) only when
/// the conversation must be read whole. So the stored messages are those of open conversations,
/// not a second copy of the log (docs/performance.md, "Projections bounded by open conversations").
/// A conversation silent for four weeks before its council's newest message settles whole, and
/// the next message reads it whole: so a question never answered does not keep its conversation
/// stored for good.
struct ResponseProjection: Projection {
    let rows: any ResponseRows
    /// The reply links of public tweets across the log, which give their conversations.
    let links: any ConversationLinkRows
    /// Where settled messages are read again.
    let log: any MessageLog
    let config: PipelineConfig

    typealias QuietPoint = ResponseMatcher.QuietPoint

    init(rows: any ResponseRows, links: any ConversationLinkRows, log: any MessageLog, config: PipelineConfig) {
        self.rows = rows
        self.links = links
        self.log = log
        self.config = config
    }

    /// The projection over PostgreSQL, in the batch's transaction on `connection`.
    init(connection: Connection, config: PipelineConfig) {
        self.init(rows: PostgresResponseRows(connection: connection, timeZone: config.timeZone),
                  links: ConversationRoots(connection: connection), log: PostgresMessageLog(connection: connection), config: config)
    }

    /// Applies a batch, in log order; gives the same rows whatever the batches' sizes.
    ///
    /// - Parameter urgency: the topic spikes as they stand before the batch is judged: a
    ///   resident's message on an urgent topic during one of them is urgent.
    func apply(_ events: [LoggedEvent], urgency: TopicSpikeCover) throws {
        let keys = try ConversationKeys(events, links: links, rows: rows)
        try record(events, urgency: urgency, keys: keys)
        try correct(events.compactMap(\.corrected), keys: keys)
        let times = Self.messageTimes(events)
        let before = try rows.moveHorizons(to: times.mapValues(\.upperBound))
        try rows.settleSilent(horizons: SettledMessages.horizonsToSettle(before: before, batch: times))
    }

    /// Settles the council's conversations silent by now, at the end of a catch-up: a batch
    /// settles them only when it changes what is silent (`SettledMessages.horizonsToSettle`),
    /// and a correction in a silent conversation leaves it stored until then.
    func settleSilent() throws {
        try rows.settleSilent(horizons: try rows.horizons(of: [config.org]))
    }

    /// The times of each council's conversational messages in the batch, oldest to newest, as
    /// the log first tells them: the newest moves its horizon, before which conversations long
    /// silent settle whole (`SettledMessages.silence`).
    static func messageTimes(_ events: [LoggedEvent]) -> [String: ClosedRange<Date>] {
        var times: [String: ClosedRange<Date>] = [:]
        for event in events {
            guard let kind = event.kind, ConversationMessage.isConversational(kind) else { continue }
            let at = event.occurredAt
            times[event.org] = times[event.org].map { min($0.lowerBound, at)...max($0.upperBound, at) } ?? at...at
        }
        return times
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
        let stored = try wholeMessages(of: whole) + rows.messages(after: cuts)
        let hadMessages = Set(stored.map(\.conversationKey))
        let through = try writeItems(of: stored + messages, replacing: whole.filter(hadMessages.contains), after: cuts)
        try rows.append(logged, settlingThrough: through)
        try recomputeItems(keys.joined.filter { earliest[$0] == nil })
    }

    /// Every message of these conversations: their settled ones read from the log and stored
    /// again first.
    private func wholeMessages(of keys: [String]) throws -> [ConversationMessage] {
        try unsettle(try rows.unsettle(keys))
        return try rows.messages(of: keys)
    }

    /// Stores settled messages again as the log tells them.
    private func unsettle(_ settled: [SettledMessages]) throws {
        guard !settled.isEmpty else { return }
        try rows.append(try log.messages(settled), settlingThrough: [:])
    }

    /// Puts each corrected event's message, as its correction tells it, in place of the stored
    /// one, after the batch's messages are recorded (the event may be one of them), and recomputes
    /// the items of the conversations it leaves and joins. The urgency stays as stored: it comes
    /// from the text and the topic spikes, which a correction does not change.
    private func correct(_ corrected: [LoggedEvent], keys: ConversationKeys) throws {
        guard !corrected.isEmpty else { return }
        let settled = try rows.unsettle(holding: try log.positions(of: corrected.map(\.eventID)))
        try unsettle(settled)
        let stored = Dictionary(try rows.messages(ids: corrected.map(\.eventID)).map { ($0.eventID, $0) }, uniquingKeysWith: { $1 })
        var replacements: [ConversationMessage] = []
        // Those read from the log settle again, also where the correction changes nothing: else
        // whether they stay unsettled would depend on the batches.
        var touched = Set(settled.map(\.conversationKey))
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
        let through = try writeItems(of: try wholeMessages(of: keys), replacing: keys, after: [:])
        try rows.append([], settlingThrough: through)
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
    ///
    /// - Returns: each conversation's cut as now stored, through which its messages settle.
    private func writeItems(of messages: [ConversationMessage], replacing keys: [String], after cuts: [String: QuietPoint]) throws -> [String: QuietPoint] {
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
        let readWhole = Set(messages.map(\.conversationKey)).subtracting(cuts.keys)
        try rows.saveCuts(quiet, readWhole: readWhole)
        var stored = quiet.filter { readWhole.contains($0.key) }
        for (key, cut) in cuts { stored[key] = Swift.max(cut, quiet[key] ?? cut) }
        return stored
    }

    /// The event as response matching sees it, if it takes part. Urgent: an emergency keyword,
    /// or sent on a topic while that topic was in spike.
    private func message(_ event: LoggedEvent, spikes: TopicSpikeCover, keys: ConversationKeys) -> ConversationMessage? {
        guard let kind = event.kind, ConversationMessage.isConversational(kind) else { return nil }
        return event.conversationMessage(key: keys.key(for: event), urgent: event.keywordUrgent(config) || spikes.covers(event))
    }

    /// Empties the messages, settled ones too, cuts, items, the weeks' figures and the reply links, for a rebuild.
    func reset() throws {
        try rows.reset()
        try links.reset()
    }
}

extension LoggedEvent {
    /// The event as response matching sees it in conversation `key`, if it takes part.
    func conversationMessage(key: String, urgent: Bool) -> ConversationMessage? {
        guard let kind, ConversationMessage.isConversational(kind) else { return nil }
        return ConversationMessage(
            eventID: eventID, conversationKey: key, org: org, platform: platform, channel: channel, account: account,
            service: service, kind: kind, actorHash: actorHash, actorIsOrg: actorIsOrg, addresseeHash: addresseeHash,
            occurredAt: occurredAt, sourceID: sourceID, urgent: urgent,
            targetSourceID: ConversationMessage.withdrawals.contains(kind) ? parentID : nil
        )
    }
}
