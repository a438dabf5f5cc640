import CivicPulseCore
import Foundation
import Postgres

/// The response-time dashboard: per service and channel, what came in, what was answered, how fast.
/// Its JSON form is a contract, described by `docs/schemas/dashboard.schema.json`.
public struct Dashboard: Codable, Sendable, Equatable {
    public var header: ReportHeader
    public var rows: [ResponseStats]
    /// Nil when the period was not recorded (`DataSpan.records`): its figures are unknown, not zero.
    public var total: ResponseStats?
    /// Resolution per service and channel, then the total, as `sla` reports it; nil when the
    /// period was not recorded.
    public var resolution: [ResolutionFigures]?
    /// `sla.resolution_quiet_period`, named beside the resolution figures.
    public var quietPeriodSeconds: Double
    /// Reach and engagement per service beside the response figures (docs/reach.md).
    public var reach: ReachSummary
    public var leagueTable: LeagueTable

    enum CodingKeys: String, CodingKey {
        case header, rows, total, resolution, reach
        case leagueTable = "league_table"
        case quietPeriodSeconds = "quiet_period_seconds"
    }

    /// The dashboard of `filter`'s period. `sideConnection`, when given, opens a second
    /// connection that reads the reach figures and the league table (half of the work) while
    /// `connection` reads the response figures, both through one snapshot.
    public static func load(_ filter: ResponseFilter, config: PipelineConfig, on connection: Connection,
                            sideConnection: (@Sendable () throws -> Connection)? = nil) throws -> Dashboard {
        let engagement = { @Sendable (connection: Connection) throws -> (ReachSummary, LeagueTable) in
            // The period's reach figures once, for the summary and the league table's current column.
            let period = filter.period
            let span = try ReportHeader.span(filter, on: connection)
            let recorded = span.records(period)
            let figures = try recorded ? ReachFigures.load(org: filter.org, from: period.from, to: period.to, service: nil, on: connection) : nil
            return (ReachSummary(period: period, figures: figures ?? [], recorded: recorded),
                    try LeagueTable.load(org: filter.org, period: period, service: nil, current: figures, span: span, on: connection))
        }
        let responses = { (engagement: () throws -> (ReachSummary, LeagueTable)) throws -> Dashboard in
            let span = try ReportHeader.span(filter, on: connection)
            let recorded = span.records(filter.period)
            let stats = try recorded ? ResponseStats.load(filter, config: config, on: connection) : []
            let resolution = try recorded ? ResolutionFigures.load(filter, config: config, on: connection) : nil
            let header = try ReportHeader.load(report: "response dashboard", filter: filter, config: config, span: span, on: connection)
            let (reach, leagueTable) = try engagement()
            return Dashboard(header: header, rows: stats.filter { $0.service != nil },
                             total: recorded ? stats.first { $0.service == nil } ?? ResponseStats.empty : nil,
                             resolution: resolution, quietPeriodSeconds: config.resolutionQuietPeriod, reach: reach, leagueTable: leagueTable)
        }
        guard let sideConnection else { return try responses { try engagement(connection) } }
        return try connection.readingBeside(open: sideConnection, engagement, responses)
    }
}
