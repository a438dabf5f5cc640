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

extension ListedItem {
    enum Condition {
        /// Not answered by the as-of instant.
        case open
        /// Answered late, or still open past the deadline.
        case breached
    }

    enum Order {
        case urgentFirst, oldestFirst

        /// Over the columns of the table named `alias`; `item_id` breaks ties, so a list never reorders.
        func sql(_ alias: String) -> String {
            switch self {
            case .urgentFirst: "\(alias).priority = 'urgent' DESC, \(alias).opened_at, \(alias).item_id"
            case .oldestFirst: "\(alias).opened_at, \(alias).item_id"
            }
        }
    }

    /// The items of `filter` (its period up to the as-of instant, its service and channel)
    /// meeting `condition`, over `projections.response_items` named `c`.
    static func scope(_ filter: ResponseFilter, _ condition: Condition) -> Query {
        let asOf = filter.period.asOf
        let open = condition == .open
        return """
            c.org = \(filter.org) AND c.opened_at >= \(filter.period.start) AND c.opened_at < \(filter.period.end)
              AND c.opened_at <= \(asOf)
              AND (\(filter.service)::text IS NULL OR c.service = \(filter.service))
              AND (\(filter.channel)::text IS NULL OR c.channel = \(filter.channel))
              AND (NOT \(open) OR c.responded_at IS NULL OR c.responded_at > \(asOf))
              AND (NOT \(condition == .breached) OR c.due_at < LEAST(coalesce(c.responded_at, 'infinity'), \(asOf)))
            """
    }

    /// The items meeting `condition`, the first `limit` of them (nil: all) in `order`, and how
    /// many there are in all.
    ///
    /// With a limit, which items, their order and their count come from the `(org, opened_at)`
    /// index alone and only the listed ones are read from the table: the weekly summary lists five
    /// breaches of thousands, and reading each from the table was 20 ms a list at 9.2M events.
    /// Without one every item is read anyway, straight from the table (looking each up by its key
    /// instead was two to three times slower).
    static func load(_ filter: ResponseFilter, condition: Condition, order: Order = .urgentFirst, limit: Int? = nil,
                     on connection: Connection) throws -> (count: Int, items: [ListedItem]) {
        let rows = try connection.query("""
            WITH chosen AS (
                SELECT \(unescaped: limit == nil ? "c.*" : "c.org, c.opened_at, c.item_id"), count(*) OVER () AS count
                FROM projections.response_items c
                WHERE \(scope(filter, condition))
                ORDER BY \(unescaped: order.sql("c"))
                LIMIT \(limit)
            )
            SELECT \(columns(asOf: filter.period.asOf)), count
            FROM \(unescaped: limit == nil ? "chosen i" : "chosen JOIN projections.response_items i USING (org, opened_at, item_id)")
            ORDER BY \(unescaped: order.sql("i"))
            """)
        let items = try rows.map(ListedItem.init(row:))
        return (try rows.first?.decode(Int.self, 12) ?? 0, items)
    }

    /// The items with these keys (opened at, item id), in the order given.
    static func load(org: String, keys: [(openedAt: Date, itemID: UUID)], asOf: Date, on connection: Connection) throws -> [ListedItem] {
        guard !keys.isEmpty else { return [] }
        return try connection.query("""
            SELECT \(columns(asOf: asOf))
            FROM unnest(\(keys.map(\.openedAt.postgresText))::timestamptz[], \(keys.map(\.itemID.postgresText))::uuid[])
                 WITH ORDINALITY AS k(opened_at, item_id, n)
            JOIN projections.response_items i ON i.org = \(org) AND i.opened_at = k.opened_at AND i.item_id = k.item_id
            ORDER BY k.n
            """).map(ListedItem.init(row:))
    }

    /// The columns `init(row:)` reads, of `projections.response_items` named `i`: an answer
    /// after `asOf` is not one yet.
    private static func columns(asOf: Date) -> Query {
        """
        i.item_id, i.service, i.channel, i.account, i.priority, i.opened_at, i.due_at,
        CASE WHEN i.responded_at <= \(asOf) THEN i.responded_at END AS responded_at,
        i.sla_business_clock, i.message_count, i.source_id, i.url
        """
    }

    /// How many open items there are by age at the as-of instant, counted in the database:
    /// element `i` holds those at least `hours[i - 1]` (0 for the first) and under `hours[i]`
    /// hours old, and one more element those of `hours.last` or more.
    static func openByAge(_ filter: ResponseFilter, hours: [Double], on connection: Connection) throws -> [Int] {
        let bounds = hours.map { "\($0)" }.joined(separator: ", ")
        let rows = try connection.query("""
            SELECT width_bucket(extract(epoch FROM \(filter.period.asOf) - c.opened_at)::float8 / 3600,
                                ARRAY[\(unescaped: bounds)]::float8[]) AS band, count(*)
            FROM projections.response_items c
            WHERE \(scope(filter, .open))
            GROUP BY 1
            """)
        var counts = Array(repeating: 0, count: hours.count + 1)
        for row in rows { counts[try row.decode(Int.self, 0)] = try row.decode(Int.self, 1) }
        return counts
    }

    /// Reads the columns `load` selects, in its order.
    init(row: Row) throws {
        self.init(
            itemID: try row.decode(UUID.self, 0), service: try row.decode(String.self, 1),
            channel: try row.decode(String.self, 2), account: try row.decode(String.self, 3),
            priority: try row.decode(String.self, 4), openedAt: try row.decode(Date.self, 5),
            dueAt: try row.decode(Date?.self, 6), respondedAt: try row.decode(Date?.self, 7),
            businessClock: try row.decode(Bool?.self, 8), messageCount: try row.decode(Int.self, 9),
            sourceID: try row.decode(String.self, 10), url: try row.decode(String?.self, 11)
        )
    }
}
