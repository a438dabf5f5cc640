import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// Keeps `projections.conversation_messages` and `projections.response_items` in step with the log,
/// and marks the weeks whose items change for `ResponseWeeks`.
///
/// For each batch it records the conversational messages, then recomputes the response items of
/// every conversation the batch touched. A conversation is read from its last quiet point
/// (`projections.conversation_cuts`, see `ResponseMatcher`) when all of the batch's messages come
/// after it, else whole: a batch costs in proportion to the conversations it touches and their
/// recent messages, not to the length of history.
struct ResponseProjection: Projection {
    let connection: Connection
    let config: PipelineConfig

    typealias QuietPoint = ResponseMatcher.QuietPoint

    func apply(_ events: [LoggedEvent]) throws {
        let spikes = try TopicSpikeCover.load(config: config, on: connection)
        let keys = try ConversationKeys(events, on: connection)
        // With where each sits in the log, which keys its row.
        let logged = events.compactMap { event in message(event, spikes: spikes, keys: keys).map { (event.position, $0) } }
        guard !logged.isEmpty else { return try recomputeItems(Array(keys.joined)) }
        let messages = logged.map(\.1)
        // The touched conversations' earlier messages, read before this batch's are written: from
        // the cut when every new message comes after it, else all of them. Only conversations
        // that had messages before can have items to replace, and in a catch-up about half of a
        // batch's conversations are new.
        let earliest = Dictionary(messages.map { ($0.conversationKey, QuietPoint(at: $0.occurredAt, eventID: $0.eventID)) }, uniquingKeysWith: min)
        let cuts = try loadCuts(Array(earliest.keys)).filter { key, cut in cut < earliest[key]! }
        let whole = earliest.keys.filter { cuts[$0] == nil }
        let stored = try loadMessages(whole) + loadMessages(after: cuts)
        try connection.copyIn("""
            COPY projections.conversation_messages (log_position, event_id, conversation_key, org, platform, channel, account, service,
                kind, actor_hash, actor_is_org, addressee_hash, occurred_at, source_id, url, urgent, target_source_id) FROM STDIN
            """) { writer in
            for (position, message) in logged {
                writer.field(position)
                writer.field(message.eventID)
                writer.field(message.conversationKey)
                writer.field(message.org)
                writer.field(message.platform)
                writer.field(message.channel)
                writer.field(message.account)
                writer.field(message.service)
                writer.field(message.kind.rawValue)
                writer.field(message.actorHash)
                writer.field(message.actorIsOrg)
                writer.field(message.addresseeHash)
                writer.field(message.occurredAt)
                writer.field(message.sourceID)
                writer.field(message.url)
                writer.field(message.urgent)
                writer.field(message.targetSourceID)
                try writer.endRow()
            }
        }
        let hadMessages = Set(stored.map(\.conversationKey))
        try writeItems(of: stored + messages, replacing: whole.filter(hadMessages.contains), after: cuts)
        try recomputeItems(keys.joined.filter { earliest[$0] == nil })
    }

    /// Recomputes the response items of these conversations from all of their messages.
    func recomputeItems(_ keys: [String]) throws {
        guard !keys.isEmpty else { return }
        try writeItems(of: try loadMessages(keys), replacing: keys, after: [:])
    }

    /// Writes the items of the conversations these messages make up, after deleting the items
    /// stored for the conversations `keys` names, and for those `cuts` names the items that open
    /// after their cut; then records each conversation's last quiet point.
    private func writeItems(of messages: [ConversationMessage], replacing keys: [String], after cuts: [String: QuietPoint]) throws {
        let (items, quiet) = ResponseMatcher.matched(messages)
        let weeks = ResponseWeeks(connection: connection, config: config)
        if !keys.isEmpty {
            try weeks.delete("DELETE FROM projections.response_items WHERE conversation_key = ANY(\(keys)) RETURNING org, opened_at")
        }
        if !cuts.isEmpty {
            try weeks.delete("""
                DELETE FROM projections.response_items i USING \(Self.rows(of: cuts))
                WHERE i.conversation_key = c.conversation_key AND (i.opened_at, i.item_id) > (c.quiet_at, c.quiet_event_id)
                RETURNING i.org, i.opened_at
                """)
        }
        try weeks.markStale(items.map { ($0.org, $0.openedAt) })
        try connection.copyIn("""
            COPY projections.response_items (item_id, conversation_key, org, platform, channel, account, service,
                resident_hash, opened_at, last_message_at, message_count, source_id, url,
                responded_at, response_event_id, responder_account, response_seconds, priority, sla_target,
                sla_business_clock, due_at, business_response_seconds, calendar_version, policy_version, withdrawn_messages) FROM STDIN
            """) { writer in
            for item in items {
                let verdict = config.verdict(for: item)
                writer.field(item.itemID)
                writer.field(item.conversationKey)
                writer.field(item.org)
                writer.field(item.platform)
                writer.field(item.channel)
                writer.field(item.account)
                writer.field(item.service)
                writer.field(item.residentHash)
                writer.field(item.openedAt)
                writer.field(item.lastMessageAt)
                writer.field(item.messageCount)
                writer.field(item.sourceID)
                writer.field(item.url)
                writer.field(item.response?.at)
                writer.field(item.response?.eventID)
                writer.field(item.response?.account)
                writer.field(item.responseSeconds)
                writer.field(verdict.priority.rawValue)
                writer.field(verdict.target)
                writer.field(verdict.businessClock)
                writer.field(verdict.dueAt)
                writer.field(verdict.businessResponseSeconds)
                writer.field(verdict.calendarVersion)
                writer.field(verdict.policyVersion)
                writer.field(item.withdrawnMessages)
                try writer.endRow()
            }
        }
        try saveCuts(quiet, readWhole: Set(messages.map(\.conversationKey)).subtracting(cuts.keys))
    }

    /// Records each conversation's last quiet point. One found in a conversation read whole
    /// replaces the stored one (late messages may have moved it back); one found in a
    /// conversation read from its cut only moves the cut on, since before the cut that read saw
    /// nothing but withdrawals.
    private func saveCuts(_ quiet: [String: QuietPoint], readWhole: Set<String>) throws {
        if !readWhole.isEmpty {
            try connection.query("DELETE FROM projections.conversation_cuts WHERE conversation_key = ANY(\(Array(readWhole)))")
        }
        guard !quiet.isEmpty else { return }
        try connection.query("""
            INSERT INTO projections.conversation_cuts AS stored (conversation_key, quiet_at, quiet_event_id)
            SELECT * FROM \(Self.rows(of: quiet))
            ON CONFLICT (conversation_key) DO UPDATE SET quiet_at = excluded.quiet_at, quiet_event_id = excluded.quiet_event_id
            WHERE (excluded.quiet_at, excluded.quiet_event_id) > (stored.quiet_at, stored.quiet_event_id)
            """)
    }

    /// Each conversation's cut as a row of a table named `c` (conversation_key, quiet_at, quiet_event_id).
    private static func rows(of cuts: [String: QuietPoint]) -> Query {
        let cut = Array(cuts)
        return """
            unnest(\(cut.map(\.key))::text[], \(cut.map(\.value.at.postgresText))::timestamptz[],
                   \(cut.map(\.value.eventID.postgresText))::uuid[]) AS c(conversation_key, quiet_at, quiet_event_id)
            """
    }

    private func loadCuts(_ keys: [String]) throws -> [String: QuietPoint] {
        let rows = try connection.query("""
            SELECT conversation_key, quiet_at, quiet_event_id FROM projections.conversation_cuts WHERE conversation_key = ANY(\(keys))
            """)
        return Dictionary(uniqueKeysWithValues: try rows.map {
            (try $0.decode(String.self, 0), QuietPoint(at: try $0.decode(Date.self, 1), eventID: try $0.decode(UUID.self, 2)))
        })
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
            urgent: config.isUrgent(event.text, at: event.occurredAt, service: event.service) || spikes.covers(event),
            targetSourceID: ConversationMessage.withdrawals.contains(kind) ? event.parentID : nil
        )
    }

    private func loadMessages(_ keys: [String]) throws -> [ConversationMessage] {
        guard !keys.isEmpty else { return [] }
        return try readMessages("""
            SELECT \(unescaped: Self.messageColumns) FROM projections.conversation_messages m WHERE conversation_key = ANY(\(keys))
            """)
    }

    /// The messages after each conversation's cut, and all of its withdrawals.
    ///
    /// Two halves, not one condition with OR, so that each reads only its rows by an index: the
    /// time range of `conversation_messages_key_time`, and the partial index of withdrawals
    /// (migration 025), whose predicate the literal list below must match for the planner to use it.
    private func loadMessages(after cuts: [String: QuietPoint]) throws -> [ConversationMessage] {
        guard !cuts.isEmpty else { return [] }
        return try readMessages("""
            WITH c AS MATERIALIZED (SELECT * FROM \(Self.rows(of: cuts)))
            SELECT \(unescaped: Self.messageColumns)
            FROM c JOIN projections.conversation_messages m ON m.conversation_key = c.conversation_key
             AND (m.occurred_at, m.event_id) > (c.quiet_at, c.quiet_event_id)
            UNION ALL
            SELECT \(unescaped: Self.messageColumns)
            FROM c JOIN projections.conversation_messages m ON m.conversation_key = c.conversation_key
             AND m.kind IN (\(unescaped: Self.withdrawalKinds)) AND (m.occurred_at, m.event_id) <= (c.quiet_at, c.quiet_event_id)
            """)
    }

    /// `ConversationMessage.withdrawals` as an SQL list: 'delete', 'hide', 'unhide'.
    private static let withdrawalKinds = ConversationMessage.withdrawals.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")

    private static let messageColumns = """
        m.event_id, m.conversation_key, m.org, m.platform, m.channel, m.account, m.service, m.kind, m.actor_hash,
        m.actor_is_org, m.addressee_hash, m.occurred_at, m.source_id, m.url, m.urgent, m.target_source_id
        """

    private func readMessages(_ query: Query) throws -> [ConversationMessage] {
        try connection.query(query).map { row in
            ConversationMessage(
                eventID: try row.decode(UUID.self, 0), conversationKey: try row.decode(String.self, 1),
                org: try row.decode(String.self, 2), platform: try row.decode(String.self, 3),
                channel: try row.decode(String.self, 4), account: try row.decode(String.self, 5),
                service: try row.decode(String.self, 6), kind: EventKind(rawValue: try row.decode(String.self, 7)) ?? .comment,
                actorHash: try row.decode(Data?.self, 8), actorIsOrg: try row.decode(Bool.self, 9),
                addresseeHash: try row.decode(Data?.self, 10), occurredAt: try row.decode(Date.self, 11),
                sourceID: try row.decode(String.self, 12), url: try row.decode(String?.self, 13),
                urgent: try row.decode(Bool.self, 14), targetSourceID: try row.decode(String?.self, 15)
            )
        }
    }

    func reset() throws {
        try connection.execute("TRUNCATE projections.conversation_messages, projections.response_items, projections.conversation_cuts")
        try ResponseWeeks(connection: connection, config: config).reset()
        try ConversationRoots(connection: connection).reset()
    }
}
