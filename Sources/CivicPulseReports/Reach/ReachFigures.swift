import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// Reach and engagement for one account, one service, or everything, over a period
/// (docs/reach.md): the read model's row, as every report writes it.
public typealias ReachFigures = ReachFigureRow

extension ReachFigures {
    /// The sketch's standard error: 1.04 / √2048 for the log2m = 11 sketches (migration 005).
    public static let engagedResidentsError = 0.023

    /// Which platform reach figure covers a period of this many days exactly: `day`, `week`
    /// (7 days) or `days_28`; any other length has no platform figure.
    public static func reachWindow(days: Int) -> String? {
        switch days {
        case 1: "day"
        case 7: "week"
        case 28: "days_28"
        default: nil
        }
    }

    /// Per account, per service and in total (service, channel and account nil), in that order.
    static func load(org: String, from: CivilDate, to: CivilDate, service: String?, on connection: Connection) throws -> [ReachFigures] {
        try ReachFigureQueries.figures(org: org, from: from, to: to, service: service,
                                       reachWindow: reachWindow(days: to.daysSinceEpoch - from.daysSinceEpoch + 1), on: connection)
    }
}
