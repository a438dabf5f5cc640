import CivicPulseCore
import CivicPulsePrivacy
import CivicPulseReadModel
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
    /// The platform id and link of the item's first message, from the log (`MessageLinks`); the
    /// link is nil once the message's key is destroyed. The id is nil only for an item whose
    /// message is no longer in the log.
    public var sourceID: String?
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

extension ListedItem {
    /// The items of `filter` (its period up to the as-of instant, its service and channel)
    /// meeting `condition`, the first `limit` of them (nil: all) in `order`, and how many there are in all.
    static func load(_ filter: ResponseFilter, condition: ResponseItemQueries.Condition, order: ResponseItemQueries.Order = .urgentFirst,
                     limit: Int? = nil, on connection: Connection) throws -> (count: Int, items: [ListedItem]) {
        let found = try ResponseItemQueries.items(filter.scope, condition: condition, order: order, limit: limit, on: connection)
        return (found.count, try listing(found.items, on: connection))
    }

    /// The items with these keys (opened at, item id), in the order given.
    static func load(org: String, keys: [(openedAt: Date, itemID: UUID)], asOf: Date, on connection: Connection) throws -> [ListedItem] {
        try listing(try ResponseItemQueries.items(org: org, keys: keys, asOf: asOf, on: connection), on: connection)
    }

    /// The items as the read model gives them, their status not yet judged, each with its first
    /// message's platform id and link read from the log: one query for all of them.
    static func listing(_ rows: [ResponseItemRow], on connection: Connection) throws -> [ListedItem] {
        let links = try MessageLinks.of(rows.map(\.itemID), on: connection)
        return rows.map { ListedItem(row: $0, link: links[$0.itemID]) }
    }

    private init(row: ResponseItemRow, link: MessageLink?) {
        self.init(
            itemID: row.itemID, service: row.service, channel: row.channel, account: row.account, priority: row.priority,
            openedAt: row.openedAt, dueAt: row.dueAt, respondedAt: row.respondedAt, businessClock: row.businessClock,
            messageCount: row.messageCount, sourceID: link?.sourceID, url: link?.url
        )
    }
}
