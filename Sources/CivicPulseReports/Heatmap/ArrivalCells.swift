import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// A period's response items by the local weekday and hour their first message arrived, with
/// the median wall-clock first response of each weekday-hour: the `heatmap` report's figures and
/// the weekly summary's chart (docs/calendars-and-sla.md, "The heatmap").
///
/// Items, not messages: an item is a resident waiting for an answer, the unit `sla` counts, so
/// the cells add up to `sla`'s `inbound` for the same period and scope.
public struct ArrivalCells: Codable, Sendable, Equatable {
    /// The rows' names, Monday first; each row has 24 hours from 00:00 on the org's clock.
    public var weekdays = WeekHours.weekdays
    /// Items opened in each weekday-hour, nil where the period (to its as-of instant) has no such hour.
    public var items: [[Int?]]
    /// Of those, answered by the as-of instant.
    public var answered: [[Int?]]
    /// The median wall-clock first response of the answered ones; nil also where none was answered.
    public var medianFirstResponseSeconds: [[Double?]]

    enum CodingKeys: String, CodingKey {
        case weekdays, items, answered
        case medianFirstResponseSeconds = "median_first_response_seconds"
    }

    /// The cells of `filter`'s period, scope and as-of instant, on the period's clock.
    public static func load(_ filter: ResponseFilter, on connection: Connection) throws -> ArrivalCells {
        let period = filter.period
        let rows = try ArrivalHourQueries.cells(filter.scope, zone: period.timeZone, on: connection)
        return ArrivalCells(rows, covered: WeekHours.covered(from: period.start, to: period.knownEnd, in: period.timeZone))
    }

    /// The grids of the query's rows: a covered weekday-hour with no row had no items.
    init(_ rows: [ArrivalHourRow], covered: Set<WeekHours.Cell>) {
        let byCell = Dictionary(rows.map { (WeekHours.Cell(day: $0.weekday - 1, hour: $0.hour), $0) }, uniquingKeysWith: { first, _ in first })
        items = WeekHours.grid(covered: covered) { byCell[$0]?.items ?? 0 }
        answered = WeekHours.grid(covered: covered) { byCell[$0]?.answered ?? 0 }
        medianFirstResponseSeconds = WeekHours.grid(covered: covered) { byCell[$0]?.medianSeconds }
    }

    /// All the items of the period.
    public var total: Int { items.joined().compactMap { $0 }.reduce(0, +) }
}
