import Foundation
import Postgres

/// One response item (`projections.response_items`) as reports list it, with its answer only
/// if it came by the as-of instant the query was asked at. Its platform id and link are the
/// log's, which the reports read beside it (`MessageLinks`).
public struct ResponseItemRow: Sendable, Equatable {
    public var itemID: UUID
    public var service: String
    public var channel: String
    public var account: String
    public var priority: String
    public var openedAt: Date
    public var dueAt: Date?
    public var respondedAt: Date?
    /// Whether its target runs on working hours; nil when it has no target.
    public var businessClock: Bool?
    public var messageCount: Int

    /// Reads the columns `columns(asOf:)` selects, in its order.
    init(row: Row) throws {
        itemID = try row.decode(UUID.self, 0)
        service = try row.decode(String.self, 1)
        channel = try row.decode(String.self, 2)
        account = try row.decode(String.self, 3)
        priority = try row.decode(String.self, 4)
        openedAt = try row.decode(Date.self, 5)
        dueAt = try row.decode(Date?.self, 6)
        respondedAt = try row.decode(Date?.self, 7)
        businessClock = try row.decode(Bool?.self, 8)
        messageCount = try row.decode(Int.self, 9)
    }

    /// The columns `init(row:)` reads, of `projections.response_items` named `i`: an answer
    /// after `asOf` is not one yet.
    static func columns(asOf: Date) -> Query {
        """
        i.item_id, i.service, i.channel, i.account, i.priority, i.opened_at, i.due_at,
        CASE WHEN i.responded_at <= \(asOf) THEN i.responded_at END AS responded_at,
        i.sla_business_clock, i.message_count
        """
    }
}
