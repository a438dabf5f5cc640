import CivicPulseCore
import Foundation
import Postgres

/// What `civicpulse export items`, the FOI report, `sla` and `dashboard` read: every response item
/// of a scope, with the resolution the processor keeps with it; `sla` and `dashboard` only what
/// their resolution figures count.
public enum ItemExportQueries {
    /// Every item of `scope` (its period up to the as-of instant, its service and channel), oldest
    /// first, an answer before the service next opened counted as `outOfHoursAnswer` says.
    public static func items(_ scope: ResponseItemScope, outOfHoursAnswer: OutOfHoursAnswer, on connection: Connection) throws -> [ExportItemRow] {
        try connection.query("""
            WITH chosen AS (SELECT c.* FROM projections.response_items c WHERE \(ResponseItemQueries.scope(scope, .any)))
            SELECT \(ExportItemRow.columns(asOf: scope.period.asOf, outOfHoursAnswer: outOfHoursAnswer))
            FROM chosen i
            ORDER BY \(unescaped: ResponseItemQueries.Order.oldestFirst.sql("i"))
            """).map(ExportItemRow.init(row:))
    }

    /// Every item of `scope` as the resolution figures count it, in no particular order (the
    /// figures do not depend on it); those without a kept resolution counted by group.
    public static func resolutions(_ scope: ResponseItemScope, on connection: Connection) throws -> [ResolutionItemRow] {
        try connection.query(ResolutionItemRow.query(scope)).map(ResolutionItemRow.init(row:))
    }
}
