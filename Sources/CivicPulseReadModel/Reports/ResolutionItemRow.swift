import CivicPulseCore
import Foundation
import Postgres

/// Response items as the resolution figures of `sla` and `dashboard` count them: their group,
/// whether answered by the as-of instant, and for an item with a kept resolution, when it opened,
/// the resolution and its business time. Only these columns are read: the export's row
/// (`ExportItemRow`, with its URL, platform id, account and target) was most of those reports'
/// time (docs/performance.md, "`dashboard` and `sla`: the resolution figures' cost").
public struct ResolutionItemRow: Sendable, Equatable {
    public var service: String
    public var channel: String
    /// The council's first answer came by the as-of instant.
    public var answered: Bool
    /// How many items the row stands for: one with a kept resolution, or every item of its group
    /// and answer with none, which cannot be resolved and so need nothing more (about half of a
    /// week's items, read as a handful of counts).
    public var items: Int
    /// When the item opened; nil on a row of items without a kept resolution.
    public var openedAt: Date?
    /// The resolution kept from every message known (`KeptResolution.candidate`), to be judged
    /// at the as-of instant; nil while no reply stands.
    public var resolution: Resolution?
    /// Its time on the service's calendar as it was when the item opened, in whole seconds, as kept.
    public var resolutionBusinessSeconds: Int?

    /// Reads the columns `query(_:)` selects, in its order.
    init(row: Row) throws {
        service = try row.decode(String.self, 0)
        channel = try row.decode(String.self, 1)
        answered = try row.decode(Bool.self, 2)
        items = try row.decode(Int.self, 3)
        openedAt = try row.decode(Date?.self, 4)
        resolution = try row.decode(Date?.self, 5).map { Resolution(resolvedAt: $0, councilReplies: try row.decode(Int.self, 6)) }
        resolutionBusinessSeconds = try row.decode(Int?.self, 7)
    }

    /// The rows of `scope`'s items, over `projections.response_items` named `c`: one per item with
    /// a kept resolution, then one per group and answer of those without. An answer after the
    /// as-of instant is not one yet.
    static func query(_ scope: ResponseItemScope) -> Query {
        let answered: Query = "coalesce(c.responded_at <= \(scope.period.asOf), false)"
        return """
            SELECT c.service, c.channel, \(answered), 1, c.opened_at, c.resolution_at, c.resolution_replies, c.resolution_business_seconds
            FROM projections.response_items c
            WHERE \(ResponseItemQueries.scope(scope, .any)) AND c.resolution_at IS NOT NULL
            UNION ALL
            SELECT c.service, c.channel, \(answered), count(*), NULL, NULL, NULL, NULL
            FROM projections.response_items c
            WHERE \(ResponseItemQueries.scope(scope, .any)) AND c.resolution_at IS NULL
            GROUP BY 1, 2, 3
            """
    }
}
