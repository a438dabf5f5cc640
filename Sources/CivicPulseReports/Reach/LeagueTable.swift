import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// The service league table: per service, this period against the one before it (of the same
/// length), on reach, engaged residents, engagement rate, response rate and median response
/// time. For an ISO week it equals `analytics.league_table` (tested).
public struct LeagueTable: Codable, Sendable, Equatable {
    public var current: Span
    public var previous: Span
    /// Services by engaged residents this period, most first; the total (service nil) last.
    public var rows: [Row]

    public struct Span: Codable, Sendable, Equatable {
        public var from: String
        public var to: String
        /// Answers after this instant count as not yet given.
        public var asOf: Date

        enum CodingKeys: String, CodingKey {
            case from, to
            case asOf = "as_of"
        }
    }

    /// A figure this period and last, and the difference (nil when either is not available, as
    /// both are for a period before the data starts).
    public struct Change<Value: Codable & Sendable & Equatable & Numeric>: Codable, Sendable, Equatable {
        public var current: Value?
        public var previous: Value?
        public var change: Value?

        init(_ current: Value?, _ previous: Value?) {
            self.current = current
            self.previous = previous
            change = current.flatMap { now in previous.map { now - $0 } }
        }
    }

    public struct Row: Codable, Sendable, Equatable {
        public var service: String?
        public var reach: Change<Int>
        public var engagedResidents: Change<Int>
        public var engagementRate: Change<Double>
        public var items: Change<Int>
        public var responseRate: Change<Double>
        public var medianResponseSeconds: Change<Double>

        enum CodingKeys: String, CodingKey {
            case service, reach, items
            case engagedResidents = "engaged_residents"
            case engagementRate = "engagement_rate"
            case responseRate = "response_rate"
            case medianResponseSeconds = "median_response_seconds"
        }
    }

    /// The table of `period`. `current`, when given, is the period's reach figures a caller has
    /// already read (`ReachFigures.load` of the same org, days and service): the dashboard and
    /// `reach` show them beside the table, and reading them once spares a statement. `span`, when
    /// given, is `ReportHeader.span` of the period, read for the same reason.
    public static func load(org: String, period: ReportPeriod, service: String?, current: [ReachFigures]? = nil,
                            span: DataSpan? = nil, on connection: Connection) throws -> LeagueTable {
        let days = period.to.daysSinceEpoch - period.from.daysSinceEpoch + 1
        // The period before, judged as long after its end as this one is (usually at its end).
        var before = ReportPeriod(from: period.from.adding(days: -days), to: period.to.adding(days: -days), timeZone: period.timeZone)
        before.asOf = before.end.addingTimeInterval(-period.end.timeIntervalSince(period.asOf))
        // Before the data starts nothing was recorded, in a gap nothing was, and after it stops
        // nothing more was: a period with no recorded time has unknown figures, and so unknown
        // changes, not zeros that read as a fall to nothing ('Engaged 0 −1,956' once the feeds
        // stopped) or as growth from nothing.
        let span = try span ?? DataSpan.load(org: org, timeZone: period.timeZone, meeting: period.days(from: before.from), on: connection)
        let now = try span.records(period) ? figures(org: org, period: period, service: service, reach: current, on: connection) : nil
        let then = try span.records(before) ? figures(org: org, period: before, service: service, on: connection) : nil
        let services = Set(now.map { Set($0.keys) } ?? []).union(then.map { Set($0.keys) } ?? []).compactMap { $0 }
        func row(_ key: String?) -> Row {
            let a = now.map { $0[key] ?? Figures(reach: .empty(service: key)) }
            let b = then.map { $0[key] ?? Figures(reach: .empty(service: key)) }
            return Row(
                service: key,
                reach: Change(a?.reach.reach, b?.reach.reach),
                engagedResidents: Change(a?.reach.engagedResidents, b?.reach.engagedResidents),
                engagementRate: Change(a?.reach.engagementRate, b?.reach.engagementRate),
                items: Change(a?.items, b?.items),
                responseRate: Change(a?.responseRate, b?.responseRate),
                medianResponseSeconds: Change(a?.median, b?.median)
            )
        }
        let ranked = services.map(row).sorted {
            ($0.engagedResidents.current ?? 0, $1.service ?? "") > ($1.engagedResidents.current ?? 0, $0.service ?? "")
        }
        return LeagueTable(
            current: Span(from: period.from.description, to: period.to.description, asOf: period.asOf),
            previous: Span(from: before.from.description, to: before.to.description, asOf: before.asOf),
            rows: ranked + [row(nil)]
        )
    }

    private struct Figures {
        var reach: ReachFigures
        var items = 0
        var responseRate: Double?
        var median: Double?
    }

    /// Per service (and the total under nil): reach figures (`reach`, or read) and responses,
    /// judged at the period's as-of.
    private static func figures(org: String, period: ReportPeriod, service: String?, reach: [ReachFigures]? = nil,
                                on connection: Connection) throws -> [String?: Figures] {
        var result: [String?: Figures] = [:]
        for figures in try reach ?? ReachFigures.load(org: org, from: period.from, to: period.to, service: service, on: connection)
        where figures.channel == nil && figures.account == nil {
            result[figures.service] = Figures(reach: figures)
        }
        for row in try ResponseFigureQueries.leagueFigures(org: org, period: period.bounds, service: service, on: connection) {
            var entry = result[row.service] ?? Figures(reach: .empty(service: row.service))
            entry.items = row.items
            entry.responseRate = Formatting.ratio(row.answered, of: row.items)
            entry.median = row.medianSeconds
            result[row.service] = entry
        }
        return result
    }
}
