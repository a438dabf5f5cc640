import CivicPulseCore
import Foundation
import Postgres

/// A response item as the exports write it: the row reports list (`ResponseItemRow`, so what it
/// lets them read, the URL included, is what an export reads) with what only an export needs —
/// its target, its first response on the business clock, and what finds its conversation.
public struct ExportItemRow: Sendable, Equatable {
    public var item: ResponseItemRow
    /// The target that applied, as written (`1 working hour`); nil when none did.
    public var slaTarget: String?
    /// The first response on the wall clock and on the service's calendar, as the figures count
    /// them; nil until answered by the as-of instant.
    public var responseSeconds: Double?
    public var businessResponseSeconds: Double?
    /// Which conversation the item is in, to find the messages after it (not for output).
    public var conversationKey: String
    /// Who opened it, to tell their follow-ups (a keyed hash; not for output).
    public var residentHash: Data?

    init(row: Row) throws {
        item = try ResponseItemRow(row: row)
        slaTarget = try row.decode(String?.self, "sla_target")
        responseSeconds = try row.decode(Double?.self, "export_response_seconds")
        businessResponseSeconds = try row.decode(Double?.self, "export_business_seconds")
        conversationKey = try row.decode(String.self, "export_conversation_key")
        residentHash = try row.decode(Data?.self, "export_resident_hash")
    }

    /// The columns `init(row:)` reads, of `projections.response_items` named `i`, judged at `asOf`,
    /// the business time counted as `outOfHoursAnswer` says.
    static func columns(asOf: Date, outOfHoursAnswer: OutOfHoursAnswer) -> Query {
        """
        \(ResponseItemRow.columns(asOf: asOf)), i.sla_target,
        CASE WHEN i.responded_at <= \(asOf) THEN i.response_seconds END AS export_response_seconds,
        CASE WHEN i.responded_at <= \(asOf) THEN \(outOfHoursAnswer.businessSeconds(of: "i")) END AS export_business_seconds,
        i.conversation_key AS export_conversation_key, i.resident_hash AS export_resident_hash
        """
    }
}
