import CivicPulseCore
import Foundation
import Postgres

/// A response item as the SLA reports list it: open items, breaches, urgent ones.
public struct ListedItem: Codable, Sendable, Equatable {
    public var itemID: UUID
    public var service: String
    public var channel: String
    public var account: String
    public var priority: String
    public var openedAt: Date
    public var dueAt: Date?
    public var respondedAt: Date?
    public var businessClock: Bool?
    public var messageCount: Int
    public var sourceID: String
    public var url: String?
    /// Filled in by the report: `met`, `breached`, `open_within_target`, `at_risk`, `open_breached`, or `no_target`.
    public var status: String?

    enum CodingKeys: String, CodingKey {
        case service, channel, account, priority, url, status
        case itemID = "item_id"
        case openedAt = "opened_at"
        case dueAt = "due_at"
        case respondedAt = "responded_at"
        case businessClock = "business_clock"
        case messageCount = "message_count"
        case sourceID = "platform_id"
    }

    /// The item's SLA status at `asOf`, on its target's clock.
    public func status(config: PipelineConfig, asOf: Date) -> SLAStatus? {
        guard let dueAt else { return nil }
        let responded = respondedAt.flatMap { $0 <= asOf ? $0 : nil }
        return SLAStatus.evaluate(openedAt: openedAt, dueAt: dueAt, respondedAt: responded, asOf: asOf,
                                  clock: config.slaClock(service: service, businessClock: businessClock, openedAt: openedAt))
    }
}

extension ListedItem {
    /// The item with its `status` filled in (`no_target` when it has none).
    func judged(config: PipelineConfig, asOf: Date) -> ListedItem {
        var item = self
        item.status = status(config: config, asOf: asOf)?.rawValue ?? "no_target"
        return item
    }
}

extension PipelineConfig {
    /// The clock an item's target runs on: its service's calendar as it was when the item
    /// opened for a working-hours target, else round the clock in the org's zone.
    func slaClock(service: String, businessClock: Bool?, openedAt: Date) -> BusinessCalendar {
        businessClock == true
            ? calendar(forService: service).version(at: openedAt).value
            : BusinessCalendar.alwaysOpen(in: timeZone)
    }
}

/// Open items: not answered by the as-of instant.
enum OpenItem {
    static func load(_ filter: ResponseFilter, on connection: Connection) throws -> [ListedItem] {
        try ListedItem.load(filter, condition: .open, on: connection)
    }
}

extension ListedItem {
    enum Condition {
        case open, breached
    }

    /// Urgent items first, then oldest first.
    static func load(_ filter: ResponseFilter, condition: Condition, on connection: Connection) throws -> [ListedItem] {
        let asOf = filter.period.asOf
        let openOnly = condition == .open
        let breachedOnly = condition == .breached
        let rows = try connection.query("""
            SELECT item_id, service, channel, account, priority, opened_at, due_at,
                   CASE WHEN responded_at <= \(asOf) THEN responded_at END AS responded_at,
                   sla_business_clock, message_count, source_id, url
            FROM projections.response_items
            WHERE org = \(filter.org) AND opened_at >= \(filter.period.start) AND opened_at < \(filter.period.end)
              AND opened_at <= \(asOf)
              AND (\(filter.service)::text IS NULL OR service = \(filter.service))
              AND (\(filter.channel)::text IS NULL OR channel = \(filter.channel))
              AND (NOT \(openOnly) OR responded_at IS NULL OR responded_at > \(asOf))
              AND (NOT \(breachedOnly) OR due_at < LEAST(coalesce(responded_at, 'infinity'), \(asOf)))
            ORDER BY priority = 'urgent' DESC, opened_at, item_id
            """)
        return try rows.map { row in
            ListedItem(
                itemID: try row.decode(UUID.self, 0), service: try row.decode(String.self, 1),
                channel: try row.decode(String.self, 2), account: try row.decode(String.self, 3),
                priority: try row.decode(String.self, 4), openedAt: try row.decode(Date.self, 5),
                dueAt: try row.decode(Date?.self, 6), respondedAt: try row.decode(Date?.self, 7),
                businessClock: try row.decode(Bool?.self, 8), messageCount: try row.decode(Int.self, 9),
                sourceID: try row.decode(String.self, 10), url: try row.decode(String?.self, 11)
            )
        }
    }
}
