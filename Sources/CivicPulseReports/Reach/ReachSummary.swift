import CivicPulseCore
import Foundation
import Postgres

/// Reach per service and in total: the part of the reach report the dashboard carries too.
public struct ReachSummary: Codable, Sendable, Equatable {
    /// The platform reach window that matches the period (`day`, `week`, `days_28`), or nil
    /// when no platform reports reach for a period of this length: reach is then not available.
    public var reachWindow: String?
    /// The standard error of engaged-resident estimates (HyperLogLog, log2m = 11).
    public var engagedResidentsError: Double
    public var services: [ReachFigures]
    /// Nil when the period was not recorded (`DataSpan.records`): its figures are unknown.
    public var total: ReachFigures?

    enum CodingKeys: String, CodingKey {
        case services, total
        case reachWindow = "reach_window"
        case engagedResidentsError = "engaged_residents_error"
    }

    /// The figures of `period`, or, when it was not recorded, none: no services and no total.
    init(period: ReportPeriod, figures: [ReachFigures], recorded: Bool) {
        reachWindow = ReachFigures.reachWindow(days: period.to.daysSinceEpoch - period.from.daysSinceEpoch + 1)
        engagedResidentsError = ReachFigures.engagedResidentsError
        services = recorded ? figures.filter { $0.service != nil && $0.account == nil } : []
        total = recorded ? figures.first { $0.service == nil } ?? .empty() : nil
    }

    var note: String {
        let window = switch reachWindow {
        case "day": "the platforms' daily figure"
        case "week": "the platforms' own 7-day figure for exactly these days, never a sum of daily figures"
        case "days_28": "the platforms' own 28-day figure"
        default: "not available for a period of this length (platforms report 1, 7 and 28 days)"
        }
        return "Reach: \(window); – = not available; a service's reach adds its accounts'. "
            + "Engaged: distinct residents, HyperLogLog estimate (±\(Formatting.percent(engagedResidentsError)); "
            + "where nearly every engagement is another resident's it can read a little above the engagements). "
            + "Rate: engagements ÷ impressions, over the accounts' days that report impressions: "
            + "engagements on an account's day without them (a YouTube channel's, for one) are left out of it."
    }
}
