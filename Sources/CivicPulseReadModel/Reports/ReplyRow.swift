import CivicPulseCore
import Foundation
import Postgres

/// One reply as `civicpulse export replies` writes it (docs/response-matching.md, rule 7): a
/// resident message the council answered, its item and its reply times. No link, hash or text:
/// `item_id` finds the item's row in `export items`, which carries its link. Written as is, so
/// the keys are the export's.
public struct ReplyRow: Codable, Sendable, Equatable {
    public var messageID: UUID
    public var itemID: UUID
    public var service: String
    public var channel: String
    public var account: String
    public var priority: String
    public var itemOpenedAt: Date
    public var sentAt: Date
    public var repliedAt: Date
    public var replySeconds: Double
    public var businessReplySeconds: Double
    /// The item's first message: its reply is the item's first response.
    public var firstOfItem: Bool
    public var responderAccount: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case messageID = "message_id"
        case itemID = "item_id"
        case service, channel, account, priority
        case itemOpenedAt = "item_opened_at"
        case sentAt = "sent_at"
        case repliedAt = "replied_at"
        case replySeconds = "reply_seconds"
        case businessReplySeconds = "business_reply_seconds"
        case firstOfItem = "first_of_item"
        case responderAccount = "responder_account"
    }
}

extension ReplyRow {
    /// The replies of `scope`'s items (opened in its period up to the as-of instant, of its
    /// service and channel) answered by the as-of instant, by item oldest first, then as sent:
    /// the rows `ReplyFigures.load` counts. Business times follow `outOfHoursAnswer`.
    public static func load(_ scope: ResponseItemScope, outOfHoursAnswer: OutOfHoursAnswer, on connection: Connection) throws -> [ReplyRow] {
        try connection.query("""
            SELECT a.message_id, a.item_id, a.service, a.channel, a.account, a.priority, a.opened_at, a.sent_at,
                   a.responded_at, a.reply_seconds, \(businessSeconds(outOfHoursAnswer)), a.responder_account
            FROM \(answered(scope))
            ORDER BY a.opened_at, a.item_id, a.sent_at, a.message_id
            """).map { row in
            let (message, item) = (try row.decode(UUID.self, 0), try row.decode(UUID.self, 1))
            return ReplyRow(
                messageID: message, itemID: item, service: try row.decode(String.self, 2), channel: try row.decode(String.self, 3),
                account: try row.decode(String.self, 4), priority: try row.decode(String.self, 5),
                itemOpenedAt: try row.decode(Date.self, 6), sentAt: try row.decode(Date.self, 7), repliedAt: try row.decode(Date.self, 8),
                replySeconds: try row.decode(Double.self, 9), businessReplySeconds: try row.decode(Double.self, 10),
                firstOfItem: message == item, responderAccount: try row.decode(String?.self, 11)
            )
        }
    }

    /// The business seconds of the reply `a` under `rule`.
    static func businessSeconds(_ rule: OutOfHoursAnswer) -> Query {
        rule.businessSeconds("a.business_reply_seconds", elapsed: "a.reply_seconds")
    }

    /// The replies of `scope`'s items answered by its as-of instant, named `a`: each item's
    /// columns (`service`, `channel`, `account`, `priority`, `item_id`, `opened_at`,
    /// `responded_at`, `responder_account`) with one reply's (`message_id`, `sent_at`, `reply_seconds`,
    /// `business_reply_seconds`). An item's first reply is its own answer, read from the
    /// `(org, opened_at)` index that carries it (migration 158); its later ones are joined.
    ///
    /// The later replies' own `item_opened_at` is bounded by the period as well (the join makes it
    /// `c.opened_at`, so no reply is lost): the planner then knows how few of the org's replies
    /// can match. At 100k events it hashed the week's 12,173 replies, filtered as they are read,
    /// instead of joining all 51,724 (the statement about 12 % faster in eight alternated runs);
    /// over a longer history the key's range can be read instead of the table.
    static func answered(_ scope: ResponseItemScope) -> Query {
        let items = ResponseItemQueries.scope(scope, .any)
        return """
        (SELECT c.service, c.channel, c.account, c.priority, c.item_id, c.opened_at, c.responded_at, c.responder_account,
                c.item_id AS message_id, c.opened_at AS sent_at, c.response_seconds AS reply_seconds,
                c.business_response_seconds AS business_reply_seconds
         FROM projections.response_items c
         WHERE \(items) AND c.responded_at <= \(scope.period.asOf)
         UNION ALL
         SELECT c.service, c.channel, c.account, c.priority, c.item_id, c.opened_at, c.responded_at, c.responder_account,
                r.message_id, r.sent_at, r.reply_seconds, r.business_reply_seconds
         FROM projections.response_items c
         JOIN projections.later_replies r ON r.org = c.org AND r.item_opened_at = c.opened_at AND r.item_id = c.item_id
         WHERE \(items) AND c.responded_at <= \(scope.period.asOf)
           AND r.item_opened_at >= \(scope.period.start) AND r.item_opened_at < \(scope.period.end)) AS a
        """
    }
}
