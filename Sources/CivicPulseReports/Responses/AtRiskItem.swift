import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// An item at risk at its period's `asOf`: what the counts need, and its key and order for a list.
struct AtRiskItem {
    var service: String
    var channel: String
    var openedAt: Date
    var itemID: UUID
    var dueAt: Date
    var urgent: Bool

    /// Urgent first, then soonest due (then oldest, then by id: a list never reorders).
    static func listOrder(_ a: AtRiskItem, _ b: AtRiskItem) -> Bool {
        (a.urgent ? 0 : 1, a.dueAt, a.openedAt, a.itemID.byteOrder.0, a.itemID.byteOrder.1)
            < (b.urgent ? 0 : 1, b.dueAt, b.openedAt, b.itemID.byteOrder.0, b.itemID.byteOrder.1)
    }

    /// The at-risk items of each period. Only items open and not yet due can be at risk, and
    /// every column the judgement needs is in the `(org, opened_at)` index, so this reads no
    /// table pages; the judgement itself runs on the service's calendar here, not in SQL.
    static func load(_ filter: ResponseFilter, periods: [ReportPeriod], config: PipelineConfig, on connection: Connection) throws -> [[AtRiskItem]] {
        var byPeriod = Array(repeating: [AtRiskItem](), count: periods.count)
        for row in try ResponseFigureQueries.atRiskCandidates(filter.scope, periods: periods.map(\.bounds), on: connection) {
            let clock = config.slaClock(service: row.service, businessClock: row.businessClock, openedAt: row.openedAt)
            let status = SLAStatus.evaluate(openedAt: row.openedAt, dueAt: row.dueAt, respondedAt: nil, asOf: periods[row.period].asOf, clock: clock)
            if status == .atRisk {
                byPeriod[row.period].append(AtRiskItem(service: row.service, channel: row.channel, openedAt: row.openedAt,
                                                       itemID: row.itemID, dueAt: row.dueAt, urgent: row.urgent))
            }
        }
        return byPeriod
    }
}
