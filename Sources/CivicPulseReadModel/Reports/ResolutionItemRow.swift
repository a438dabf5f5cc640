import CivicPulseCore
import Foundation
import Postgres

/// A response item as the resolution figures of `sla` and `dashboard` count it: its group, when
/// it opened, whether it was answered by the as-of instant, and the resolution the processor keeps
/// with it. Only these columns are read: the export's row (`ExportItemRow`, with its URL, platform
/// id, account and target) was most of those reports' time (docs/performance.md, "dashboard and
/// sla back under 200 ms").
public struct ResolutionItemRow: Sendable, Equatable {
    public var service: String
    public var channel: String
    public var openedAt: Date
    /// The council's first answer came by the as-of instant.
    public var answered: Bool
    /// The resolution kept from every message known (`KeptResolution.candidate`), to be judged
    /// at the as-of instant; nil while no reply stands.
    public var resolution: Resolution?
    /// Its time on the service's calendar as it was when the item opened, in whole seconds, as kept.
    public var resolutionBusinessSeconds: Int?

    public init(service: String, channel: String, openedAt: Date, answered: Bool, resolution: Resolution?, resolutionBusinessSeconds: Int?) {
        self.service = service
        self.channel = channel
        self.openedAt = openedAt
        self.answered = answered
        self.resolution = resolution
        self.resolutionBusinessSeconds = resolutionBusinessSeconds
    }

    /// Reads the columns `columns(asOf:)` selects, in its order.
    init(row: Row) throws {
        service = try row.decode(String.self, 0)
        channel = try row.decode(String.self, 1)
        openedAt = try row.decode(Date.self, 2)
        answered = try row.decode(Bool.self, 3)
        resolution = try row.decode(Date?.self, 4).map { Resolution(resolvedAt: $0, councilReplies: try row.decode(Int.self, 5)) }
        resolutionBusinessSeconds = try row.decode(Int?.self, 6)
    }

    /// The columns `init(row:)` reads, of `projections.response_items` named `c`: an answer
    /// after `asOf` is not one yet.
    static func columns(asOf: Date) -> Query {
        "c.service, c.channel, c.opened_at, coalesce(c.responded_at <= \(asOf), false), c.resolution_at, c.resolution_replies, c.resolution_business_seconds"
    }
}
