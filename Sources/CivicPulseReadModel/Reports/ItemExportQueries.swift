import CivicPulseCore
import Foundation
import Postgres

/// What `civicpulse export items`, the FOI report, `sla` and `dashboard` read: every response item
/// of a scope, with the resolution the processor keeps with it.
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
}
