import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// What performance teams look at: the figures, the breaches urgent first, then oldest, the backlog by age,
/// and the items to pick up now before they breach.
public struct SLAReport: Codable, Sendable, Equatable {
    public var header: ReportHeader
    public var service: String?
    public var channel: String?
    /// Nil when the period was not recorded (`DataSpan.records`): its figures are unknown, not zero.
    public var stats: ResponseStats?
    /// Every reply's time (docs/response-matching.md, rule 7), per service and channel, then
    /// the total; nil when the period was not recorded, as `stats` is.
    public var replies: [ReplyFigures]?
    /// Resolution (docs/calendars-and-sla.md, "Resolution") at the as-of instant, per service and
    /// channel, then the total: `export items`' and `report foi`'s figures for the same period;
    /// nil when the period was not recorded.
    public var resolution: [ResolutionFigures]?
    /// How long a resident must stay quiet after a reply for the item to count as resolved
    /// (`sla.resolution_quiet_period`), named beside the resolution figures.
    public var quietPeriodSeconds: Double
    /// Late answers and items still open past their deadline, urgent first, then oldest first:
    /// all of them, or the first `listLimit` when the report was loaded with one.
    public var breaches: [ListedItem]
    public var backlog: [AgeBand]
    /// Open, within target, with at least 80% of the target used; urgent first, then soonest
    /// due (then oldest): all of them, or the first `listLimit`.
    public var atRisk: [ListedItem]
    /// How answers given before the service next opened count in the business-clock median
    /// (`sla.out_of_hours_answer`), named beside it so a median of 0 s is read as the rule.
    public var outOfHoursAnswer: OutOfHoursAnswer

    enum CodingKeys: String, CodingKey {
        case header, service, channel, stats, replies, resolution, breaches, backlog
        case atRisk = "at_risk"
        case quietPeriodSeconds = "quiet_period_seconds"
        case outOfHoursAnswer = "out_of_hours_answer"
    }

    /// How many breaches there are in all, listed or not.
    public var breachCount: Int { stats?.breached ?? 0 }
    /// How many items are at risk in all, listed or not.
    public var atRiskCount: Int { stats?.atRisk ?? 0 }

    public struct AgeBand: Codable, Sendable, Equatable {
        public var band: String
        public var open: Int
    }

    /// Upper bounds of the backlog's age bands, in hours (the last band is open-ended).
    static let bands: [(label: String, hours: Double)] = [("< 1 hour", 1), ("1–4 hours", 4), ("4–24 hours", 24), ("1–3 days", 72), ("3–7 days", 168), ("> 7 days", .infinity)]

    /// The report, listing every breach and item at risk, or only the first `listLimit` of each.
    ///
    /// A week of a large council holds thousands of breaches: the text report shows fifteen, and
    /// reading all of them to show fifteen was most of its time (117 of 150 ms of the server's
    /// time on 300k events). The counts (in `stats`), the backlog and the order are the same
    /// either way.
    public static func load(_ filter: ResponseFilter, config: PipelineConfig, listLimit: Int? = nil,
                            on connection: Connection) throws -> SLAReport {
        let asOf = filter.period.asOf
        // Which items are at risk is judged once, from the index's columns, for the count and
        // the list; only the listed ones are read from the table.
        let atRisk = try AtRiskItem.load(filter, periods: [filter.period], config: config, on: connection)
        let span = try ReportHeader.span(filter, on: connection)
        let recorded = span.records(filter.period)
        let stats = try recorded ? ResponseStats.load(filter, periods: [filter.period], grouping: .totalOnly, atRisk: atRisk,
                                                      config: config, on: connection)[0].first ?? .empty : nil
        let replies = try recorded ? ReplyFigures.load(filter.scope, outOfHoursAnswer: config.outOfHoursAnswer, on: connection) : nil
        let resolution = try recorded ? ResolutionFigures.load(filter, config: config, on: connection) : nil
        let open = try ResponseItemQueries.openByAge(filter.scope, hours: bands.dropLast().map(\.hours), on: connection)
        let breaches = try ListedItem.load(filter, condition: .breached, limit: listLimit, on: connection).items
        let listed = atRisk[0].sorted(by: AtRiskItem.listOrder).prefix(listLimit ?? Int.max).map { ($0.openedAt, $0.itemID) }
        return SLAReport(
            header: try ReportHeader.load(report: "response SLAs", filter: filter, config: config, span: span, on: connection),
            service: filter.service, channel: filter.channel, stats: stats, replies: replies,
            resolution: resolution, quietPeriodSeconds: config.resolutionQuietPeriod,
            breaches: breaches.map { $0.judged(config: config, asOf: asOf) },
            backlog: zip(bands, open).map { AgeBand(band: $0.label, open: $1) },
            atRisk: try ListedItem.load(org: filter.org, keys: listed, asOf: asOf, on: connection).map { $0.judged(config: config, asOf: asOf) },
            outOfHoursAnswer: config.outOfHoursAnswer
        )
    }
}
