import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// Response figures for one group of items (a service on a channel, or everything).
public struct ResponseStats: Codable, Sendable, Equatable {
    public var service: String?
    public var channel: String?
    /// Items opened in the period: spells of a resident waiting for the org.
    public var inbound: Int
    /// Of those, answered by the as-of instant.
    public var answered: Int
    public var responseRate: Double?
    public var meanFirstResponseSeconds: Double?
    public var medianFirstResponseSeconds: Double?
    public var p90FirstResponseSeconds: Double?
    public var p95FirstResponseSeconds: Double?
    /// The same, counted on the service's business calendar.
    public var medianBusinessResponseSeconds: Double?
    /// Answered items that took no business time: answered while the service was closed (a
    /// weekend's answer to a weekend's question, an urgent item answered overnight). When they
    /// are most answers, the business-hours median is 0 s, which reads as a fault unless said.
    public var answeredInClosedHours = 0
    /// Answered by their deadline.
    public var withinTarget: Int
    /// Items whose SLA outcome is known: answered (in time or late), or still open past the deadline.
    public var judged: Int
    public var withinTargetRate: Double?
    public var breached: Int
    /// Not answered by the as-of instant.
    public var open: Int
    public var atRisk: Int
    public var oldestOpenAgeSeconds: Double?
    public var urgent: Int

    enum CodingKeys: String, CodingKey {
        case service, channel, inbound, answered, open, urgent, breached, judged
        case responseRate = "response_rate"
        case meanFirstResponseSeconds = "mean_first_response_seconds"
        case medianFirstResponseSeconds = "median_first_response_seconds"
        case p90FirstResponseSeconds = "p90_first_response_seconds"
        case p95FirstResponseSeconds = "p95_first_response_seconds"
        case medianBusinessResponseSeconds = "median_business_response_seconds"
        case answeredInClosedHours = "answered_in_closed_hours"
        case withinTarget = "within_target"
        case withinTargetRate = "within_target_rate"
        case atRisk = "at_risk"
        case oldestOpenAgeSeconds = "oldest_open_age_seconds"
    }
}

extension ResponseStats {
    /// How a load splits its figures; every grouping also gives the total (service and channel nil).
    public typealias Grouping = ResponseFigureQueries.Grouping

    /// Figures per service and channel, plus the total (service and channel nil), in one pass.
    public static func load(_ filter: ResponseFilter, grouping: Grouping = .serviceAndChannel, config: PipelineConfig, on connection: Connection) throws -> [ResponseStats] {
        try load(filter, periods: [filter.period], grouping: grouping, config: config, on: connection)[0]
    }

    /// The figures of several periods (the filter's own period is ignored), one list per period,
    /// from one query.
    ///
    /// Exact percentiles (`percentile_cont`, interpolated) straight from the projection. An item
    /// answered after a period's `asOf` counts as open at that `asOf`, so a report for a past week
    /// reads as it would have then. At risk: open, within target, with at least 80% of the target
    /// used, on the target's own clock (docs/calendars-and-sla.md); a caller that lists them
    /// passes the periods' `atRisk` items it loaded, which are then not judged again.
    static func load(_ filter: ResponseFilter, periods: [ReportPeriod], grouping: Grouping,
                     atRisk loaded: [[AtRiskItem]]? = nil, config: PipelineConfig, on connection: Connection) throws -> [[ResponseStats]] {
        let atRisk = try loaded ?? AtRiskItem.load(filter, periods: periods, config: config, on: connection)
        let rows = try ResponseFigureQueries.figures(filter.scope, periods: periods.map(\.bounds), grouping: grouping,
                                                        outOfHoursAnswer: config.outOfHoursAnswer, on: connection)
        var byPeriod = Array(repeating: [ResponseStats](), count: periods.count)
        for row in rows {
            byPeriod[row.period].append(ResponseStats(
                service: row.service, channel: row.channel,
                inbound: row.inbound, answered: row.answered,
                responseRate: Formatting.ratio(row.answered, of: row.inbound),
                meanFirstResponseSeconds: row.meanSeconds,
                medianFirstResponseSeconds: row.medianSeconds,
                p90FirstResponseSeconds: row.p90Seconds,
                p95FirstResponseSeconds: row.p95Seconds,
                medianBusinessResponseSeconds: row.medianBusinessSeconds,
                answeredInClosedHours: row.answeredInClosedHours,
                withinTarget: row.withinTarget, judged: row.judged,
                withinTargetRate: Formatting.ratio(row.withinTarget, of: row.judged),
                breached: row.judged - row.withinTarget,
                open: row.open,
                atRisk: atRisk[row.period].filter { row.isTotal || ($0.service == row.service && (row.channel == nil || $0.channel == row.channel)) }.count,
                oldestOpenAgeSeconds: row.oldestOpenSeconds,
                urgent: row.urgent
            ))
        }
        return byPeriod
    }
}

extension ResponseStats {
    static let empty = ResponseStats(
        service: nil, channel: nil, inbound: 0, answered: 0, responseRate: nil, meanFirstResponseSeconds: nil,
        medianFirstResponseSeconds: nil, p90FirstResponseSeconds: nil, p95FirstResponseSeconds: nil,
        medianBusinessResponseSeconds: nil, withinTarget: 0, judged: 0, withinTargetRate: nil, breached: 0,
        open: 0, atRisk: 0, oldestOpenAgeSeconds: nil, urgent: 0
    )
}
