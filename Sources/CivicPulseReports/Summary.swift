import CivicPulseCore
import Foundation
import Postgres

/// The weekly summary executives read, quote and forward (docs/summary.md). Every figure comes
/// from the loaders behind `dashboard`, `sla` and `reach` for the same week, so the three never
/// disagree with it; the summary only chooses, compares and lays out.
public struct WeeklySummary: Codable, Sendable, Equatable {
    public var header: ReportHeader
    public var isoWeek: String
    public var previousWeek: String
    /// False when the week has no messages from residents and no engagement at all.
    public var hasData: Bool
    public var headline: Headline
    /// The response figures for the whole council, as `dashboard` totals them.
    public var total: ResponseStats
    public var services: ServiceRanking
    public var sla: SLAOutline
    public var reach: ReachSummary
    public var listening: Listening
    public var youtube: YouTubeOutline
    /// The last eight ISO weeks, oldest first, ending with this one.
    public var trend: [TrendWeek]
    /// Service ids to the names people know them by (from the pipeline).
    public var serviceNames: [String: String]

    enum CodingKeys: String, CodingKey {
        case header, headline, total, services, sla, reach, listening, youtube, trend
        case isoWeek = "iso_week"
        case previousWeek = "previous_week"
        case hasData = "has_data"
        case serviceNames = "service_names"
    }

    /// This week against the one before, judged as long after its end as this week is.
    public struct Headline: Codable, Sendable, Equatable {
        public var questions: LeagueTable.Change<Int>
        public var responseRate: LeagueTable.Change<Double>
        public var medianResponseSeconds: LeagueTable.Change<Double>
        public var withinTargetRate: LeagueTable.Change<Double>
        public var reach: LeagueTable.Change<Int>
        public var engagedResidents: LeagueTable.Change<Int>
        public var followersGrowth: LeagueTable.Change<Int>
        public var followers: Int?

        enum CodingKeys: String, CodingKey {
            case questions, reach, followers
            case responseRate = "response_rate"
            case medianResponseSeconds = "median_response_seconds"
            case withinTargetRate = "within_target_rate"
            case engagedResidents = "engaged_residents"
            case followersGrowth = "followers_growth"
        }
    }

    /// Breaches and the backlog, from the `sla` report of the week.
    public struct SLAOutline: Codable, Sendable, Equatable {
        public var breached: Int
        /// The first breaches, oldest first (the `sla` report lists them all).
        public var breaches: [ListedItem]
        public var open: Int
        /// The items waiting longest for an answer, oldest first.
        public var oldestOpen: [ListedItem]

        enum CodingKeys: String, CodingKey {
            case breached, breaches, open
            case oldestOpen = "oldest_open"
        }
    }

    public struct TrendWeek: Codable, Sendable, Equatable {
        public var week: String
        public var questions: Int
        public var responseRate: Double?
        public var withinTargetRate: Double?
        public var medianResponseSeconds: Double?
        public var reach: Int?
        public var engagedResidents: Int

        enum CodingKeys: String, CodingKey {
            case week, questions, reach
            case responseRate = "response_rate"
            case medianResponseSeconds = "median_response_seconds"
            case withinTargetRate = "within_target_rate"
            case engagedResidents = "engaged_residents"
        }
    }

    /// How many items a list of breaches or open items shows.
    public static let listLimit = 5

    public static func load(week: ISOWeek, asOf: Date? = nil, config: PipelineConfig, on connection: Connection, now: Date = Date()) throws -> WeeklySummary {
        let period = ReportPeriod(from: week.monday, to: week.sunday, timeZone: config.timeZone, asOf: asOf, now: now)
        let filter = ResponseFilter(org: config.org, period: period)
        let before = shifted(period, weeks: -1)

        // Eight weeks ending with this one, oldest first: the trend, and this week against the last.
        // Only this week's figures count items at risk; the trend does not show them.
        let weeks = (0..<trendWeeks).reversed().map { back in back == 0 ? period : shifted(period, weeks: -back) }
        let total = try ResponseStats.load(filter, grouping: .totalOnly, config: config, on: connection).first ?? .empty
        let weekly = try ResponseStats.load(filter, periods: weeks.dropLast(), grouping: .totalOnly, countingAtRisk: false, config: config, on: connection)
            .map { $0.first ?? .empty } + [total]
        let previous = weekly[trendWeeks - 2]
        let reach = try ReachSummary.load(org: config.org, period: period, on: connection)
        let reachBefore = try ReachSummary.load(org: config.org, period: before, on: connection)
        let breaches = try SLAReport.breaches(filter, config: config, on: connection)
        let open = try OpenItem.load(filter, on: connection)

        let trend = try zip(weeks, weekly).enumerated().map { index, week -> TrendWeek in
            let (span, stats) = week
            let figures = index == trendWeeks - 1 ? reach.total : index == trendWeeks - 2 ? reachBefore.total
                : try ReachSummary.load(org: config.org, period: span, on: connection).total
            return TrendWeek(week: ISOWeek(containing: span.from).description, questions: stats.inbound, responseRate: stats.responseRate,
                             withinTargetRate: stats.withinTargetRate, medianResponseSeconds: stats.medianFirstResponseSeconds,
                             reach: figures.reach, engagedResidents: figures.engagedResidents)
        }

        return WeeklySummary(
            header: try ReportHeader.load(report: "weekly summary", filter: filter, config: config, on: connection),
            isoWeek: week.description, previousWeek: ISOWeek(containing: before.from).description,
            hasData: total.inbound > 0 || reach.total.engagements > 0 || reach.total.reach != nil,
            headline: Headline(
                questions: .init(total.inbound, previous.inbound),
                responseRate: .init(total.responseRate, previous.responseRate),
                medianResponseSeconds: .init(total.medianFirstResponseSeconds, previous.medianFirstResponseSeconds),
                withinTargetRate: .init(total.withinTargetRate, previous.withinTargetRate),
                reach: .init(reach.total.reach, reachBefore.total.reach),
                engagedResidents: .init(reach.total.engagedResidents, reachBefore.total.engagedResidents),
                followersGrowth: .init(reach.total.followersGrowth, reachBefore.total.followersGrowth),
                followers: reach.total.followers
            ),
            total: total,
            services: try ServiceRanking.load(filter, config: config, on: connection),
            sla: SLAOutline(
                breached: breaches.count, breaches: Array(breaches.prefix(listLimit)),
                open: open.count, oldestOpen: Array(open.sorted { $0.openedAt < $1.openedAt }.prefix(listLimit))
            ),
            reach: reach,
            listening: try Listening.load(org: config.org, period: period, previous: before, on: connection),
            youtube: try YouTubeOutline.load(org: config.org, period: period, on: connection),
            trend: trend,
            serviceNames: Dictionary(config.services.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        )
    }

    /// Weeks in the trend, this one included.
    static let trendWeeks = 8

    /// The same week `weeks` earlier or later, judged as long after its end as `period` is
    /// (as the league table judges the week before).
    static func shifted(_ period: ReportPeriod, weeks: Int) -> ReportPeriod {
        var other = ReportPeriod(from: period.from.adding(days: 7 * weeks), to: period.to.adding(days: 7 * weeks), timeZone: period.timeZone)
        other.asOf = other.end.addingTimeInterval(-period.end.timeIntervalSince(period.asOf))
        return other
    }

    public func json() throws -> String {
        try reportJSON(self)
    }
}
