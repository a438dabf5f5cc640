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
    /// Per council account.
    public var rows: [ReachFigures]
    public var leagueTable: LeagueTable

    enum CodingKeys: String, CodingKey {
        case header, service, summary, rows
        case isoWeek = "iso_week"
        case leagueTable = "league_table"
    }

    public static func load(org: String, period: ReportPeriod, service: String?, config: PipelineConfig, on connection: Connection) throws -> ReachReport {
        let filter = ResponseFilter(org: org, period: period, service: service)
        let figures = try ReachFigures.load(org: org, from: period.from, to: period.to, service: service, on: connection)
        let week = ISOWeek(containing: period.from)
        return ReachReport(
            header: try ReportHeader.load(report: "reach and engagement", filter: filter, config: config, on: connection),
            service: service,
            isoWeek: week.monday == period.from && week.sunday == period.to ? week.description : nil,
            summary: ReachSummary(period: period, figures: figures),
            rows: figures.filter { $0.account != nil },
            leagueTable: try LeagueTable.load(org: org, period: period, service: service, on: connection)
        )
    }

    public func json() throws -> String {
        try reportJSON(self)
    }

    public func text() -> String {
        var out = [header.text(scope: service.map { "service \($0)" }), ""]
        out.append(summary.note)
        if rows.isEmpty {
            out.append("No reach or engagement figures in this period.")
        } else {
            out.append("")
            out.append(ReachText.figuresTable(rows + summary.services + [summary.total]))
        }
        out.append("")
        out.append(ReachText.leagueTable(leagueTable))
        return out.joined(separator: "\n")
    }
}

/// Reach per service and in total: the part of the reach report the dashboard carries too.
public struct ReachSummary: Codable, Sendable, Equatable {
    /// The platform reach window that matches the period (`day`, `week`, `days_28`), or nil
    /// when no platform reports reach for a period of this length: reach is then not available.
    public var reachWindow: String?
    /// The standard error of engaged-resident estimates (HyperLogLog, log2m = 11).
    public var engagedResidentsError: Double
    public var services: [ReachFigures]
    public var total: ReachFigures

    enum CodingKeys: String, CodingKey {
        case services, total
        case reachWindow = "reach_window"
        case engagedResidentsError = "engaged_residents_error"
    }

    init(period: ReportPeriod, figures: [ReachFigures]) {
        reachWindow = ReachFigures.reachWindow(days: period.to.daysSinceEpoch - period.from.daysSinceEpoch + 1)
        engagedResidentsError = ReachFigures.engagedResidentsError
        services = figures.filter { $0.service != nil && $0.account == nil }
        total = figures.first { $0.service == nil } ?? .empty()
    }

    public static func load(org: String, period: ReportPeriod, on connection: Connection) throws -> ReachSummary {
        ReachSummary(period: period, figures: try ReachFigures.load(org: org, from: period.from, to: period.to, service: nil, on: connection))
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
            + "Rate: engagements ÷ impressions."
    }
}
