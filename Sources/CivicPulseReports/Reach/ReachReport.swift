import CivicPulseCore
import Foundation
import Postgres

/// `civicpulse reach`: reach and engagement per account, per service and in total, and the
/// service league table (docs/reach.md).
public struct ReachReport: Codable, Sendable, Equatable {
    public var header: ReportHeader
    public var service: String?
    /// The ISO week the period is, when it is one (`2026-W47`).
    public var isoWeek: String?
    public var summary: ReachSummary
    /// Per council account; none when the period was not recorded (`summary.total` is then nil).
    public var rows: [ReachFigures]
    public var leagueTable: LeagueTable

    enum CodingKeys: String, CodingKey {
        case header, service, summary, rows
        case isoWeek = "iso_week"
        case leagueTable = "league_table"
    }

    public static func load(org: String, period: ReportPeriod, service: String?, config: PipelineConfig, on connection: Connection) throws -> ReachReport {
        let filter = ResponseFilter(org: org, period: period, service: service)
        // The data's span once, for whether the period was recorded, the header and the league table.
        let span = try ReportHeader.span(filter, on: connection)
        let recorded = span.records(period)
        let figures = try recorded ? ReachFigures.load(org: org, from: period.from, to: period.to, service: service, on: connection) : []
        let week = ISOWeek(containing: period.from)
        return ReachReport(
            header: try ReportHeader.load(report: "reach and engagement", filter: filter, config: config, span: span, on: connection),
            service: service,
            isoWeek: week.monday == period.from && week.sunday == period.to ? week.description : nil,
            summary: ReachSummary(period: period, figures: figures, recorded: recorded),
            rows: figures.filter { $0.account != nil },
            leagueTable: try LeagueTable.load(org: org, period: period, service: service, current: recorded ? figures : nil, span: span, on: connection)
        )
    }
}
