import CivicPulseCore
import Foundation
import Postgres

/// `ResponseRows` in PostgreSQL, in the caller's transaction: the processor's batch and its
/// checkpoint commit together. Rows go in by COPY and are read by key in one query per batch,
/// never per conversation (docs/performance.md).
public struct PostgresResponseRows: ResponseRows {
    public let connection: Connection
    /// The pipeline's time zone, whose Mondays cut the weeks.
    public let zone: String

    public init(connection: Connection, timeZone: TimeZone) {
        self.connection = connection
        self.zone = timeZone.identifier
    }

    public typealias QuietPoint = ResponseMatcher.QuietPoint

    public func cuts(of keys: [String]) throws -> [String: QuietPoint] {
        let rows = try connection.query("""
            SELECT conversation_key, quiet_at, quiet_event_id FROM projections.conversation_cuts WHERE conversation_key = ANY(\(keys))
            """)
        return Dictionary(uniqueKeysWithValues: try rows.map {
            (try $0.decode(String.self, 0), QuietPoint(at: try $0.decode(Date.self, 1), eventID: try $0.decode(UUID.self, 2)))
        })
    }

    public func messages(of keys: [String]) throws -> [ConversationMessage] {
        guard !keys.isEmpty else { return [] }
        return try readMessages("""
            SELECT \(unescaped: Self.messageColumns) FROM projections.conversation_messages m WHERE conversation_key = ANY(\(keys))
            """)
    }

    /// Two halves, not one condition with OR, so that each reads only its rows by an index: the
    /// time range of `conversation_messages_key_time`, and the partial index of withdrawals
    /// (migration 025), whose predicate the literal list below must match for the planner to use it.
    public func messages(after cuts: [String: QuietPoint]) throws -> [ConversationMessage] {
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

    public func messages(ids: [UUID]) throws -> [ConversationMessage] {
        guard !ids.isEmpty else { return [] }
        return try readMessages("""
            SELECT \(unescaped: Self.messageColumns) FROM projections.conversation_messages m
            WHERE event_id = ANY(\(ids.map(\.postgresText))::uuid[])
            """)
    }

    /// One statement per message: corrections are few.
    public func replace(_ messages: [ConversationMessage]) throws {
        for message in messages {
            try connection.query("""
                UPDATE projections.conversation_messages
                SET conversation_key = \(message.conversationKey), org = \(message.org), platform = \(message.platform),
                    channel = \(message.channel), account = \(message.account), service = \(message.service),
                    kind = \(message.kind.rawValue), actor_hash = \(message.actorHash), actor_is_org = \(message.actorIsOrg),
                    addressee_hash = \(message.addresseeHash), occurred_at = \(message.occurredAt), source_id = \(message.sourceID),
                    urgent = \(message.urgent), target_source_id = \(message.targetSourceID)
                WHERE event_id = \(message.eventID)
                """)
        }
    }

    public func append(_ messages: [(position: Int64, message: ConversationMessage)], settlingThrough through: [String: QuietPoint]) throws {
        var settling: [(position: Int64, message: ConversationMessage)] = [], kept: [(position: Int64, message: ConversationMessage)] = []
        for message in messages {
            if SettledMessages.settles(message.message, through: through) { settling.append(message) } else { kept.append(message) }
        }
        if !kept.isEmpty { try copy(kept) }
        guard !through.isEmpty else { return }
        try settle(moving: through, adding: settling.map { ($0.message.conversationKey, $0.message.org, $0.position, $0.message.urgent) })
    }

    private func copy(_ messages: [(position: Int64, message: ConversationMessage)]) throws {
        try connection.copyIn("""
            COPY projections.conversation_messages (log_position, event_id, conversation_key, org, platform, channel, account, service,
                kind, actor_hash, actor_is_org, addressee_hash, occurred_at, source_id, urgent, target_source_id) FROM STDIN
            """) { writer in
            for (position, message) in messages {
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
                writer.field(message.urgent)
                writer.field(message.targetSourceID)
                try writer.endRow()
            }
        }
    }

    /// One statement: the stored messages of the conversations `cuts` names at or before their
    /// cut, but for withdrawals, leave `conversation_messages` (a range of its key-and-time
    /// index), and with `added` they join each conversation's settled positions, merged in order.
    private func settle(moving cuts: [String: QuietPoint], adding added: [(key: String, org: String, position: Int64, urgent: Bool)]) throws {
        guard !cuts.isEmpty || !added.isEmpty else { return }
        try connection.query("""
            WITH moved AS (
                DELETE FROM projections.conversation_messages m USING \(Self.rows(of: cuts))
                WHERE m.conversation_key = c.conversation_key AND (m.occurred_at, m.event_id) <= (c.quiet_at, c.quiet_event_id)
                  AND m.kind NOT IN (\(unescaped: Self.withdrawalKinds))
                RETURNING m.conversation_key, m.org, m.log_position, m.urgent
            ),
            settling AS (
                SELECT * FROM moved
                UNION ALL
                SELECT * FROM unnest(\(added.map(\.key))::text[], \(added.map(\.org))::text[], \(BinaryArray(added.map(\.position))),
                                     \(added.map { $0.urgent ? "true" : "false" })::boolean[])
            )
            \(unescaped: Self.mergeSettling)
            """)
    }

    /// The end of a statement that settles the rows of its `settling` (conversation_key, org,
    /// log_position, urgent): they join each conversation's settled positions, merged in order,
    /// and its urgent ones, NULL while none is (migration 161).
    private static let mergeSettling = """
        INSERT INTO projections.conversation_settled AS s (conversation_key, org, positions, urgent)
        SELECT conversation_key, min(org), array_agg(log_position ORDER BY log_position),
               array_agg(log_position ORDER BY log_position) FILTER (WHERE urgent)
        FROM settling AS a (conversation_key, org, log_position, urgent) GROUP BY conversation_key
        ON CONFLICT (conversation_key) DO UPDATE
        SET positions = ARRAY(SELECT DISTINCT p FROM unnest(s.positions || excluded.positions) AS p ORDER BY p),
            urgent = nullif(ARRAY(SELECT DISTINCT p FROM unnest(s.urgent || excluded.urgent) AS p ORDER BY p), '{}')
        """

    public func horizons(of councils: [String]) throws -> [String: Date] {
        guard !councils.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try connection.query("""
            SELECT org, newest_at FROM projections.conversation_horizons WHERE org = ANY(\(BinaryArray(councils)))
            """).map { (try $0.decode(String.self, 0), try $0.decode(Date.self, 1)) })
    }

    /// One statement: the horizons before are read in its snapshot, so before its upsert.
    public func moveHorizons(to newest: [String: Date]) throws -> [String: Date] {
        guard !newest.isEmpty else { return [:] }
        let councils = Array(newest)
        let orgs = BinaryArray(councils.map(\.key))
        return Dictionary(uniqueKeysWithValues: try connection.query("""
            WITH before AS (SELECT org, newest_at FROM projections.conversation_horizons WHERE org = ANY(\(orgs))),
            moved AS (
                INSERT INTO projections.conversation_horizons AS h (org, newest_at)
                SELECT * FROM unnest(\(orgs), \(councils.map(\.value.postgresText))::timestamptz[])
                ON CONFLICT (org) DO UPDATE SET newest_at = excluded.newest_at WHERE excluded.newest_at > h.newest_at
            )
            SELECT org, newest_at FROM before
            """).map { (try $0.decode(String.self, 0), try $0.decode(Date.self, 1)) })
    }

    /// A statement a council, with its horizon less the silence as a value, so that the planner
    /// finds the few stored messages before it by the `(org, occurred_at)` index (migration 155)
    /// and keeps those with no stored message since by the key-and-time index: once caught up,
    /// only messages of conversations still going after a month.
    public func settleSilent(horizons: [String: Date]) throws {
        for horizon in horizons.map({ (org: $0.key, before: SettledMessages.silentBefore($0.value)) }) {
            try connection.query("""
                WITH silent AS (
                    SELECT DISTINCT m.conversation_key FROM projections.conversation_messages m
                    WHERE m.org = \(horizon.org) AND m.occurred_at < \(horizon.before)
                      AND NOT EXISTS (SELECT FROM projections.conversation_messages n
                                      WHERE n.conversation_key = m.conversation_key AND n.occurred_at >= \(horizon.before))
                ),
                uncut AS (
                    DELETE FROM projections.conversation_cuts c USING silent WHERE c.conversation_key = silent.conversation_key
                ),
                settling AS (
                    DELETE FROM projections.conversation_messages m USING silent WHERE m.conversation_key = silent.conversation_key
                    RETURNING m.conversation_key, m.org, m.log_position, m.urgent
                )
                \(unescaped: Self.mergeSettling)
                """)
        }
    }

    public func unsettle(_ keys: [String]) throws -> [SettledMessages] {
        guard !keys.isEmpty else { return [] }
        return try takeSettled("DELETE FROM projections.conversation_settled WHERE conversation_key = ANY(\(keys)) RETURNING \(unescaped: SettledMessages.columns)")
    }

    /// Through the GIN index of the positions' sixteenths (migration 159).
    public func unsettle(holding positions: [Int64]) throws -> [SettledMessages] {
        guard !positions.isEmpty else { return [] }
        return try takeSettled("""
            DELETE FROM projections.conversation_settled WHERE projections.holds_any_position(positions, \(BinaryArray(positions)))
            RETURNING \(unescaped: SettledMessages.columns)
            """)
    }

    private func takeSettled(_ query: Query) throws -> [SettledMessages] {
        try connection.query(query).map(SettledMessages.init(row:))
    }

    public func deleteItems(of keys: [String]) throws {
        guard !keys.isEmpty else { return }
        try deleteMarkingWeeks("DELETE FROM projections.response_items WHERE conversation_key = ANY(\(keys)) RETURNING org, opened_at, item_id")
    }

    public func deleteItems(after cuts: [String: QuietPoint]) throws {
        guard !cuts.isEmpty else { return }
        try deleteMarkingWeeks("""
            DELETE FROM projections.response_items i USING \(Self.rows(of: cuts))
            WHERE i.conversation_key = c.conversation_key AND (i.opened_at, i.item_id) > (c.quiet_at, c.quiet_event_id)
            RETURNING i.org, i.opened_at, i.item_id
            """)
    }

    /// Runs `delete`, a `DELETE FROM projections.response_items … RETURNING org, opened_at, item_id`,
    /// deletes the replies of the items it deleted, and marks their weeks stale.
    private func deleteMarkingWeeks(_ delete: Query) throws {
        try connection.query("""
            WITH gone AS (\(delete)),
            replies AS (
                DELETE FROM projections.later_replies r USING gone
                WHERE r.org = gone.org AND r.item_opened_at = gone.opened_at AND r.item_id = gone.item_id
            )
            INSERT INTO projections.response_weeks_stale (org, week_start)
            SELECT DISTINCT org, date_trunc('week', opened_at, \(zone)) FROM gone
            ON CONFLICT DO NOTHING
            """)
    }

    /// The instants are sent as their quarter hours: every time zone's offset is a whole number
    /// of those, so a quarter hour never straddles a local midnight, and a batch's 10,000 items
    /// make a few hundred values.
    public func markStale(_ opened: [(org: String, at: Date)]) throws {
        guard !opened.isEmpty else { return }
        let quarters = Set(opened.map { QuarterHour(org: $0.org, index: Int(($0.at.timeIntervalSince1970 / 900).rounded(.down))) })
        try connection.query("""
            INSERT INTO projections.response_weeks_stale (org, week_start)
            SELECT DISTINCT org, date_trunc('week', to_timestamp(quarter * 900), \(zone))
            FROM unnest(\(quarters.map(\.org))::text[], \(quarters.map { String($0.index) })::bigint[]) AS q(org, quarter)
            ON CONFLICT DO NOTHING
            """)
    }

    private struct QuarterHour: Hashable {
        var org: String
        var index: Int
    }

    public func insert(_ rows: [JudgedResponseItem]) throws {
        guard !rows.isEmpty else { return }
        let rules = Set(rows.map { ResponseRules(org: $0.item.org, $0.verdict) })
        try ResponseRules.save(rules, on: connection)
        // A digest a pair, not a row: a batch's thousands of items share a handful.
        let ruleIDs = Dictionary(uniqueKeysWithValues: rules.map { ($0, $0.id) })
        try connection.copyIn("""
            COPY projections.response_items (item_id, conversation_key, org, platform, channel, account, service,
                resident_hash, opened_at, last_message_at, message_count,
                responded_at, response_event_id, responder_account, response_seconds, priority, sla_target,
                sla_business_clock, due_at, business_response_seconds, rules_id, withdrawn_messages,
                resolution_at, resolution_replies, resolution_business_seconds, resolution_cut_stage, resolution_cut_reply_at,
                resolution_cut_replies) FROM STDIN
            """) { writer in
            for row in rows {
                let (item, verdict) = (row.item, row.verdict)
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
                writer.field(item.response?.at)
                writer.field(item.response?.eventID)
                writer.field(item.response?.account)
                writer.field(item.responseSeconds)
                writer.field(verdict.priority.rawValue)
                writer.field(verdict.target)
                writer.field(verdict.businessClock)
                writer.field(verdict.dueAt)
                writer.field(verdict.businessResponseSeconds)
                writer.field(ruleIDs[ResponseRules(org: item.org, verdict)])
                writer.field(item.withdrawnMessages)
                writer.field(row.resolution.candidate?.resolvedAt)
                writer.field(row.resolution.candidate?.councilReplies)
                writer.field(row.resolution.businessSeconds)
                writer.field(row.resolution.atCut.stage.rawValue)
                writer.field(row.resolution.atCut.lastReply)
                writer.field(row.resolution.atCut.replies)
                try writer.endRow()
            }
        }
        try insertReplies(rows)
    }

    public func resolutions(before cuts: [String: QuietPoint]) throws -> [ResolutionBeforeCut] {
        guard !cuts.isEmpty else { return [] }
        return try connection.query("""
            SELECT i.org, i.item_id, i.opened_at, i.conversation_key, i.resident_hash, i.resolution_cut_stage,
                   i.resolution_cut_reply_at, i.resolution_cut_replies, i.resolution_at, i.resolution_replies,
                   i.resolution_business_seconds, i.service
            FROM \(Self.rows(of: cuts)) JOIN projections.response_items i ON i.conversation_key = c.conversation_key
             AND (i.opened_at, i.item_id) <= (c.quiet_at, c.quiet_event_id)
             AND i.resolution_cut_stage <> 'resolved'
            """).map { row in
            let candidate = try row.decode(Date?.self, 8).map { Resolution(resolvedAt: $0, councilReplies: try row.decode(Int.self, 9)) }
            let stage = try ResolutionWalk.Stage(rawValue: row.decode(String.self, 5)) ?? .waiting
            return ResolutionBeforeCut(
                org: try row.decode(String.self, 0), itemID: try row.decode(UUID.self, 1), openedAt: try row.decode(Date.self, 2),
                conversationKey: try row.decode(String.self, 3), service: try row.decode(String.self, 11), residentHash: try row.decode(Data?.self, 4),
                kept: KeptResolution(atCut: ResolutionWalk(stage: stage, lastReply: try row.decode(Date?.self, 6), replies: try row.decode(Int.self, 7)),
                                     candidate: candidate, businessSeconds: try row.decode(Int?.self, 10)))
        }
    }

    /// One statement for the batch, the values as text arrays (an empty string for none).
    public func updateResolutions(_ resolutions: [ResolutionBeforeCut]) throws {
        guard !resolutions.isEmpty else { return }
        func text(_ date: Date?) -> String { date?.postgresText ?? "" }
        try connection.query("""
            UPDATE projections.response_items i
            SET resolution_at = nullif(u.resolution_at, '')::timestamptz, resolution_replies = nullif(u.resolution_replies, '')::int,
                resolution_business_seconds = nullif(u.business_seconds, '')::bigint,
                resolution_cut_stage = u.cut_stage, resolution_cut_reply_at = nullif(u.cut_reply_at, '')::timestamptz,
                resolution_cut_replies = u.cut_replies::int
            FROM unnest(\(resolutions.map(\.org))::text[], \(resolutions.map { $0.openedAt.postgresText })::timestamptz[],
                        \(resolutions.map(\.itemID.postgresText))::uuid[], \(resolutions.map { text($0.kept.candidate?.resolvedAt) })::text[],
                        \(resolutions.map { $0.kept.candidate.map { String($0.councilReplies) } ?? "" })::text[],
                        \(resolutions.map { $0.kept.businessSeconds.map(String.init) ?? "" })::text[],
                        \(resolutions.map(\.kept.atCut.stage.rawValue))::text[], \(resolutions.map { text($0.kept.atCut.lastReply) })::text[],
                        \(resolutions.map { String($0.kept.atCut.replies) })::text[])
                 AS u(org, opened_at, item_id, resolution_at, resolution_replies, business_seconds, cut_stage, cut_reply_at, cut_replies)
            WHERE i.org = u.org AND i.opened_at = u.opened_at AND i.item_id = u.item_id
            """)
    }

    /// The replies of each item's later messages: the first message's is the item's answer, which
    /// its row holds (migration 158).
    private func insertReplies(_ rows: [JudgedResponseItem]) throws {
        guard rows.contains(where: { $0.replies.contains { !$0.isFirstOfItem } }) else { return }
        try connection.copyIn("""
            COPY projections.later_replies (org, item_opened_at, item_id, message_id, sent_at, reply_seconds, business_reply_seconds) FROM STDIN
            """) { writer in
            for row in rows {
                for reply in row.replies where !reply.isFirstOfItem {
                    writer.field(row.item.org)
                    writer.field(reply.itemOpenedAt)
                    writer.field(reply.itemID)
                    writer.field(reply.messageID)
                    writer.field(reply.sentAt)
                    writer.field(reply.seconds)
                    writer.field(reply.businessSeconds)
                    try writer.endRow()
                }
            }
        }
    }

    public func saveCuts(_ quiet: [String: QuietPoint], readWhole: Set<String>) throws {
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

    public func rename(_ keys: [String: String]) throws {
        guard !keys.isEmpty else { return }
        let pairs = Array(keys)
        let renamed: Query = "unnest(\(pairs.map(\.key))::text[], \(pairs.map(\.value))::text[]) AS k(old, new)"
        try connection.query("UPDATE projections.conversation_messages m SET conversation_key = k.new FROM \(renamed) WHERE m.conversation_key = k.old")
        let settled = try takeSettled("""
            DELETE FROM projections.conversation_settled s USING \(renamed) WHERE s.conversation_key = k.old
            RETURNING k.new, s.org, s.positions, s.urgent
            """)
        try settle(moving: [:], adding: settled.flatMap { messages in
            messages.positions.map { (messages.conversationKey, messages.org, $0, messages.isUrgent($0)) }
        })
        try connection.query("UPDATE projections.response_items i SET conversation_key = k.new FROM \(renamed) WHERE i.conversation_key = k.old")
        try connection.query("DELETE FROM projections.conversation_cuts WHERE conversation_key = ANY(\(pairs.map(\.key) + pairs.map(\.value)))")
    }

    public func reset() throws {
        try connection.execute("""
            TRUNCATE projections.conversation_messages, projections.conversation_settled, projections.response_items,
                projections.later_replies, projections.conversation_cuts, projections.conversation_horizons
            """)
        try connection.execute("TRUNCATE projections.response_weeks, projections.response_weeks_stale")
    }

    /// Whether the session's role may `reclaimSettledSpace`: only the table's owner may vacuum it
    /// (the processor's group role, `civicpulse_processor`, may not: autovacuum does it then).
    public static func mayReclaimSettledSpace(on connection: Connection) throws -> Bool {
        try connection.query("""
            SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class WHERE oid = 'projections.conversation_messages'::regclass
            """)[0].decode(Bool.self, 0)
    }

    /// Vacuums `conversation_messages`, outside any transaction, so that the space of settled
    /// messages serves new ones (`StoredMessagesVacuum`).
    public static func reclaimSettledSpace(on connection: Connection) throws {
        try connection.execute("VACUUM projections.conversation_messages")
    }

    /// Each conversation's cut as a row of a table named `c` (conversation_key, quiet_at, quiet_event_id).
    private static func rows(of cuts: [String: QuietPoint]) -> Query {
        let cut = Array(cuts)
        return """
            unnest(\(cut.map(\.key))::text[], \(cut.map(\.value.at.postgresText))::timestamptz[],
                   \(cut.map(\.value.eventID.postgresText))::uuid[]) AS c(conversation_key, quiet_at, quiet_event_id)
            """
    }

    /// `ConversationMessage.withdrawals` as an SQL list: 'delete', 'hide', 'unhide'.
    private static let withdrawalKinds = ConversationMessage.withdrawals.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")

    private static let messageColumns = """
        m.event_id, m.conversation_key, m.org, m.platform, m.channel, m.account, m.service, m.kind, m.actor_hash,
        m.actor_is_org, m.addressee_hash, m.occurred_at, m.source_id, m.urgent, m.target_source_id
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
                sourceID: try row.decode(String.self, 12),
                urgent: try row.decode(Bool.self, 13), targetSourceID: try row.decode(String?.self, 14)
            )
        }
    }
}
