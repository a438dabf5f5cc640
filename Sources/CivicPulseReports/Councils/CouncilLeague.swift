import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// The league table across councils that share a database (a regional body, a shared service):
/// per council, over the same dates in its own time zone, the figures of its own dashboard's
/// total row and its engaged residents, ranked on answering within target (docs/benchmarking.md).
/// For an ISO week it equals `analytics.council_league` (tested).
public struct CouncilLeague: Codable, Sendable, Equatable {
    /// Ranked: most within target first, then fastest median first response, then by org id;
    /// councils without a within-target figure last, unranked.
    public var rows: [Row]

    public struct Row: Codable, Sendable, Equatable {
        /// 1 for the best; nil when the council has no within-target figure to rank it on.
        public var rank: Int?
        public var org: String
        public var name: String
        public var from: String
        public var to: String
        /// False when the council's period was not recorded (`DataSpan.records`): every figure is then unknown (null).
        public var recorded: Bool
        public var items: Int?
        public var answered: Int?
        public var responseRate: Double?
        public var medianFirstResponseSeconds: Double?
        public var withinTarget: Int?
        public var judged: Int?
        public var withinTargetRate: Double?
        public var engagedResidents: Int?

        enum CodingKeys: String, CodingKey {
            case rank, org, name, from, to, recorded, items, answered, judged
            case responseRate = "response_rate"
            case medianFirstResponseSeconds = "median_first_response_seconds"
            case withinTarget = "within_target"
            case withinTargetRate = "within_target_rate"
            case engagedResidents = "engaged_residents"
        }
    }

    /// Each council's figures over its own period (the same dates, on its own clock).
    public static func load(_ councils: [(config: PipelineConfig, period: ReportPeriod)], on connection: Connection) throws -> CouncilLeague {
        let rows = try councils.map { council in try row(council.config, council.period, on: connection) }
        return CouncilLeague(rows: ranked(rows))
    }

    static func row(_ config: PipelineConfig, _ period: ReportPeriod, on connection: Connection) throws -> Row {
        var row = Row(rank: nil, org: config.org, name: config.name, from: period.from.description, to: period.to.description, recorded: false)
        guard try DataSpan.records(period, org: config.org, on: connection) else { return row }
        // No at-risk items (the league shows none) and the whole council's engaged residents alone.
        let total = try ResponseStats.load(ResponseFilter(org: config.org, period: period), periods: [period], grouping: .totalOnly,
                                           atRisk: [[]], config: config, on: connection)[0].first
        let engaged = try ReachFigureQueries.weekTotals(org: config.org, weeks: [(period.from, period.to)], on: connection).first?.engagedResidents
        row.recorded = true
        row.items = total?.inbound ?? 0
        row.answered = total?.answered ?? 0
        row.responseRate = total?.responseRate
        row.medianFirstResponseSeconds = total?.medianFirstResponseSeconds
        row.withinTarget = total?.withinTarget ?? 0
        row.judged = total?.judged ?? 0
        row.withinTargetRate = total?.withinTargetRate
        row.engagedResidents = engaged ?? 0
        return row
    }

    /// `rows` in league order, ranked 1… where they have a within-target figure.
    static func ranked(_ rows: [Row]) -> [Row] {
        let sorted = rows.sorted { a, b in
            switch (a.withinTargetRate, b.withinTargetRate) {
            case (nil, nil): return a.org < b.org
            case (nil, _): return false
            case (_, nil): return true
            case let (x?, y?) where x != y: return x > y
            default:
                let (m, n) = (a.medianFirstResponseSeconds ?? .infinity, b.medianFirstResponseSeconds ?? .infinity)
                return m != n ? m < n : a.org < b.org
            }
        }
        return sorted.enumerated().map { index, row in
            var row = row
            row.rank = row.withinTargetRate == nil ? nil : index + 1
            return row
        }
    }
}

extension CouncilLeague {
    public func text() -> String {
        var table = TextTable(headers: ["#", "Council", "Items", "Answered", "Rate", "Median", "In SLA", "Engaged"], leftAligned: [1])
        for row in rows {
            guard row.recorded else {
                table.add([row.rank.map(String.init) ?? "–", row.name, "not recorded", "", "", "", "", ""])
                continue
            }
            table.add([
                row.rank.map(String.init) ?? "–", row.name, Formatting.count(row.items), Formatting.count(row.answered),
                Formatting.percent(row.answered ?? 0, of: row.items ?? 0), Formatting.duration(row.medianFirstResponseSeconds),
                Formatting.percent(row.withinTarget ?? 0, of: row.judged ?? 0), Formatting.count(row.engagedResidents),
            ])
        }
        return "League table across councils (ranked on In SLA, then the median)\n" + table.render()
            + "\n\nRate: answered of items opened. Median: wall-clock time to the first answer. In SLA: answered within target, of items whose outcome is known. Engaged: distinct residents (±2.3%)."
    }
}
