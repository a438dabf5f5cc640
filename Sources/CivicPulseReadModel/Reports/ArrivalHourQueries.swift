import Foundation
import Postgres

/// Response items counted by the local weekday and hour their first message arrived, for the
/// heatmap of when residents write and how long they wait (`projections.response_items`).
public enum ArrivalHourQueries {
    /// The items of `scope` (its period up to the as-of instant, its service and channel) by the
    /// ISO weekday (1 Monday … 7 Sunday) and hour (0–23) of `opened_at` on `zone`'s clock, with
    /// how many were answered by the as-of instant and their median wall-clock first response
    /// (`percentile_cont`, as every report's median). Only weekday-hours with items are returned.
    ///
    /// The hour is read from the local clock, so on the day the clocks go back both 01:30s count
    /// in hour 1 and on the day they go forward hour 1 has none: no count moves to a neighbour.
    public static func cells(_ scope: ResponseItemScope, zone: TimeZone, on connection: Connection) throws -> [ArrivalHourRow] {
        let asOf = scope.period.asOf
        return try connection.query("""
            WITH local AS (
                SELECT c.opened_at AT TIME ZONE \(zone.identifier) AS opened_local,
                       CASE WHEN c.responded_at <= \(asOf) THEN c.response_seconds END AS response_seconds
                FROM projections.response_items c
                WHERE \(ResponseItemQueries.scope(scope, .any))
            )
            SELECT extract(isodow FROM opened_local)::int AS weekday, extract(hour FROM opened_local)::int AS hour,
                   count(*) AS items, count(response_seconds) AS answered,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY response_seconds) AS median_s
            FROM local
            GROUP BY 1, 2
            ORDER BY 1, 2
            """).map { row in
            ArrivalHourRow(weekday: try row.decode(Int.self, "weekday"), hour: try row.decode(Int.self, "hour"),
                           items: try row.decode(Int.self, "items"), answered: try row.decode(Int.self, "answered"),
                           medianSeconds: try row.decode(Double?.self, "median_s"))
        }
    }
}

/// The items that arrived in one local weekday-hour of a period.
public struct ArrivalHourRow: Sendable, Equatable {
    /// ISO weekday: 1 Monday … 7 Sunday.
    public var weekday: Int
    /// 0–23 on the local clock.
    public var hour: Int
    public var items: Int
    /// Answered by the as-of instant.
    public var answered: Int
    /// Their median wall-clock first response; nil when none was answered.
    public var medianSeconds: Double?
}
