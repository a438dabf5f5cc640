import CivicPulseCore
import Foundation
import Postgres

/// A response item as the exports write it: the row reports list (`ResponseItemRow`, so what it
/// lets them read, the URL included, is what an export reads) with what only an export needs —
/// its target, its first response on the business clock, and its resolution as kept.
public struct ExportItemRow: Sendable, Equatable {
    public var item: ResponseItemRow
    /// The target that applied, as written (`1 working hour`); nil when none did.
    public var slaTarget: String?
    /// The first response on the wall clock and on the service's calendar, as the figures count
    /// them; nil until answered by the as-of instant.
    public var responseSeconds: Double?
    public var businessResponseSeconds: Double?
    /// The resolution the processor keeps with the item from every message known
    /// (`KeptResolution.candidate`), to be judged at the as-of instant; nil while no reply stands.
    public var resolution: Resolution?
    /// Its time on the service's calendar as it was when the item opened, in whole seconds, as kept.
    public var resolutionBusinessSeconds: Int?

    init(row: Row) throws {
        item = try ResponseItemRow(row: row)
        slaTarget = try row.decode(String?.self, "sla_target")
        responseSeconds = try row.decode(Double?.self, "export_response_seconds")
        businessResponseSeconds = try row.decode(Double?.self, "export_business_seconds")
        let resolvedAt = try row.decode(Date?.self, "export_resolution_at")
        resolution = try resolvedAt.map { Resolution(resolvedAt: $0, councilReplies: try row.decode(Int.self, "export_resolution_replies")) }
        resolutionBusinessSeconds = try row.decode(Int?.self, "export_resolution_business_seconds")
    }

    /// The columns `init(row:)` reads, of `projections.response_items` named `i`, judged at `asOf`,
    /// the business time counted as `outOfHoursAnswer` says.
    static func columns(asOf: Date, outOfHoursAnswer: OutOfHoursAnswer) -> Query {
        """
        \(ResponseItemRow.columns(asOf: asOf)), i.sla_target,
        CASE WHEN i.responded_at <= \(asOf) THEN i.response_seconds END AS export_response_seconds,
        CASE WHEN i.responded_at <= \(asOf) THEN \(outOfHoursAnswer.businessSeconds(of: "i")) END AS export_business_seconds,
        i.resolution_at AS export_resolution_at, i.resolution_replies AS export_resolution_replies,
        i.resolution_business_seconds AS export_resolution_business_seconds
        """
    }
}
