import Foundation
import Postgres

/// The response items reports list and count (`projections.response_items`): the SLA report's
/// breaches, items at risk and backlog, the summary's lists, the channels a report may be asked
/// for, and the rules the items were judged by.
public enum ResponseItemQueries {
    public enum Condition: Sendable {
        /// Not answered by the as-of instant.
        case open
        /// Answered late, or still open past the deadline.
        case breached
        /// Every item of the scope, as the exports list them.
        case any
    }

    public enum Order: Sendable {
        case urgentFirst, oldestFirst

        /// Over the columns of the table named `alias`; `item_id` breaks ties, so a list never reorders.
        func sql(_ alias: String) -> String {
            switch self {
            case .urgentFirst: "\(alias).priority = 'urgent' DESC, \(alias).opened_at, \(alias).item_id"
            case .oldestFirst: "\(alias).opened_at, \(alias).item_id"
            }
        }
    }

    /// The items of `scope` (its period up to the as-of instant, its service and channel)
    /// meeting `condition`, over `projections.response_items` named `c`.
    static func scope(_ scope: ResponseItemScope, _ condition: Condition) -> Query {
        let asOf = scope.period.asOf
        let open = condition == .open
        return """
            c.org = \(scope.org) AND c.opened_at >= \(scope.period.start) AND c.opened_at < \(scope.period.end)
              AND c.opened_at <= \(asOf)
              AND (\(scope.service)::text IS NULL OR c.service = \(scope.service))
              AND (\(scope.channel)::text IS NULL OR c.channel = \(scope.channel))
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
    public static func items(_ scope: ResponseItemScope, condition: Condition, order: Order, limit: Int?,
                             on connection: Connection) throws -> (count: Int, items: [ResponseItemRow]) {
        let rows = try connection.query("""
            WITH chosen AS (
                SELECT \(unescaped: limit == nil ? "c.*" : "c.org, c.opened_at, c.item_id"), count(*) OVER () AS count
                FROM projections.response_items c
                WHERE \(Self.scope(scope, condition))
                ORDER BY \(unescaped: order.sql("c"))
                LIMIT \(limit)
            )
            SELECT \(ResponseItemRow.columns(asOf: scope.period.asOf)), count
            FROM \(unescaped: limit == nil ? "chosen i" : "chosen JOIN projections.response_items i USING (org, opened_at, item_id)")
            ORDER BY \(unescaped: order.sql("i"))
            """)
        let items = try rows.map(ResponseItemRow.init(row:))
        return (try rows.first?.decode(Int.self, "count") ?? 0, items)
    }

    /// The items with these keys (opened at, item id), in the order given.
    public static func items(org: String, keys: [(openedAt: Date, itemID: UUID)], asOf: Date, on connection: Connection) throws -> [ResponseItemRow] {
        guard !keys.isEmpty else { return [] }
        return try connection.query("""
            SELECT \(ResponseItemRow.columns(asOf: asOf))
            FROM unnest(\(keys.map(\.openedAt.postgresText))::timestamptz[], \(keys.map(\.itemID.postgresText))::uuid[])
                 WITH ORDINALITY AS k(opened_at, item_id, n)
            JOIN projections.response_items i ON i.org = \(org) AND i.opened_at = k.opened_at AND i.item_id = k.item_id
            ORDER BY k.n
            """).map(ResponseItemRow.init(row:))
    }

    /// How many open items there are by age at the as-of instant, counted in the database:
    /// element `i` holds those at least `hours[i - 1]` (0 for the first) and under `hours[i]`
    /// hours old, and one more element those of `hours.last` or more.
    public static func openByAge(_ scope: ResponseItemScope, hours: [Double], on connection: Connection) throws -> [Int] {
        let bounds = hours.map { "\($0)" }.joined(separator: ", ")
        let rows = try connection.query("""
            SELECT width_bucket(extract(epoch FROM \(scope.period.asOf) - c.opened_at)::float8 / 3600,
                                ARRAY[\(unescaped: bounds)]::float8[]) AS band, count(*)
            FROM projections.response_items c
            WHERE \(Self.scope(scope, .open))
            GROUP BY 1
            """)
        var counts = Array(repeating: 0, count: hours.count + 1)
        for row in rows { counts[try row.decode(Int.self, 0)] = try row.decode(Int.self, 1) }
        return counts
    }

    /// The channels `org`'s response items were recorded under, sorted. It reads the whole
    /// projection, so a report asks it only when the pipeline does not know a name.
    public static func recordedChannels(org: String, on connection: Connection) throws -> [String] {
        try connection.query("SELECT DISTINCT channel FROM projections.response_items WHERE org = \(org) ORDER BY channel")
            .map { try $0.decode(String.self, 0) }
    }

    /// The (calendar version, SLA policy version) pairs the items opened from `start` to `end`
    /// were judged by, nil where an item has none.
    public static func rulePairs(org: String, start: Date, end: Date, on connection: Connection) throws -> [(calendar: String?, policy: String?)] {
        // The pairs in use are a handful among a week's thousands of items: grouped by hashing
        // in one pass, where `array_agg(DISTINCT …)` sorted every item's versions twice.
        try connection.query("""
            SELECT r.calendar_version, r.policy_version
            FROM (SELECT DISTINCT rules_id FROM projections.response_items
                  WHERE org = \(org) AND opened_at >= \(start) AND opened_at < \(end)) i
            LEFT JOIN projections.response_rules r ON r.org = \(org) AND r.rules_id = i.rules_id
            """).map { (calendar: try $0.decode(String?.self, 0), policy: try $0.decode(String?.self, 1)) }
    }
}
