import CivicPulseCore
import CivicPulseReadModel
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
    /// The week has not ended at the as-of instant: its figures are so far, compared with last
    /// week's at the same point, and the trend does not draw it beside whole weeks.
    public var inProgress: Bool
    public var headline: Headline
    /// The response figures for the whole council, as `dashboard` totals them; nil when the week
    /// was not recorded.
    public var total: ResponseStats?
    /// When the week is cut at an as-of instant inside it: the last day its daily figures (reach,
    /// engaged residents, followers, YouTube views) include, as a day's figures cannot be cut
    /// within it. Nil, and left out of the JSON, when they cover the whole week.
    public var reachTo: String?
    public var services: ServiceRanking
    public var sla: SLAOutline
    public var reach: ReachSummary
    public var listening: Listening
    public var youtube: YouTubeOutline
    /// The last eight ISO weeks, oldest first, ending with this one.
    public var trend: [TrendWeek]
    /// Service ids to the names people know them by (from the pipeline).
    public var serviceNames: [String: String]
    /// The week's items by weekday and hour of arrival, as `heatmap` gives them; nil when the
    /// week was not recorded.
    public var arrivals: ArrivalCells?

    enum CodingKeys: String, CodingKey {
        case header, headline, total, services, sla, reach, listening, youtube, trend, arrivals
        case isoWeek = "iso_week"
        case previousWeek = "previous_week"
        case hasData = "has_data"
        case inProgress = "in_progress"
        case serviceNames = "service_names"
        case reachTo = "reach_to"
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
        /// The first breaches, urgent first, then oldest (the `sla` report lists them all).
        public var breaches: [ListedItem]
        public var open: Int
        /// The items waiting longest for an answer, oldest first.
        public var oldestOpen: [ListedItem]

        enum CodingKeys: String, CodingKey {
            case breached, breaches, open
            case oldestOpen = "oldest_open"
        }
    }

    /// A week of the trend; a week that ended before the data starts has no figures (nil), as
    /// nothing was recorded then.
    public struct TrendWeek: Codable, Sendable, Equatable {
        public var week: String
        public var questions: Int?
        public var responseRate: Double?
        public var withinTargetRate: Double?
        public var medianResponseSeconds: Double?
        public var reach: Int?
        public var engagedResidents: Int?
        /// This week, still in progress: its figures are so far, not a whole week's.
        public var partial: Bool

        enum CodingKeys: String, CodingKey {
            case week, questions, reach, partial
            case responseRate = "response_rate"
            case medianResponseSeconds = "median_response_seconds"
            case withinTargetRate = "within_target_rate"
            case engagedResidents = "engaged_residents"
        }
    }

    /// How many items a list of breaches or open items shows.
    public static let listLimit = 5

    /// The summary of `week`.
    ///
    /// `sideConnection`, when given, opens a second connection that reads the trend (the earlier
    /// weeks' figures and the eight weeks' reach), the lists of breaches and of open items and
    /// the rules in force while `connection` reads this week's figures, each about half of the
    /// server's work; both read one snapshot, so the figures add up whatever commits meanwhile.
    public static func load(week: ISOWeek, asOf: Date? = nil, config: PipelineConfig, on connection: Connection,
                            sideConnection: (@Sendable () throws -> Connection)? = nil, now: Date = Date()) throws -> WeeklySummary {
        let period = ReportPeriod(from: week.monday, to: week.sunday, timeZone: config.timeZone, asOf: asOf, now: now)
        // Eight weeks ending with this one, oldest first: the trend, and this week against the last.
        let weeks = (0..<trendWeeks).reversed().map { back in back == 0 ? period : shifted(period, weeks: -back) }
        let filter = ResponseFilter(org: config.org, period: period)
        let sideFigures = { @Sendable (connection: Connection) throws -> SideFigures in
            SideFigures(
                earlierWeeks: try WeekTotals.load(org: config.org, weeks: Array(weeks.dropLast()), on: connection),
                reach: try ReachFigureQueries.weekTotals(org: config.org, weeks: weeks.map { ($0.from, $0.to) }, on: connection),
                breaches: try ListedItem.load(filter, condition: .breached, limit: listLimit, on: connection),
                open: try ListedItem.load(filter, condition: .open, order: .oldestFirst, limit: listLimit, on: connection),
                header: try ReportHeader.load(report: "weekly summary", filter: filter, config: config, on: connection)
            )
        }
        guard let sideConnection else {
            return try load(period: period, weeks: weeks, config: config, sideFigures: { try sideFigures(connection) }, on: connection)
        }
        return try connection.readingBeside(open: sideConnection, sideFigures) { sideFigures in
            try load(period: period, weeks: weeks, config: config, sideFigures: sideFigures, on: connection)
        }
    }

    /// What the second connection reads: the trend, the two lists and the header's rules.
    private struct SideFigures {
        /// The seven weeks before this one, oldest first, with only the figures the trend shows.
        var earlierWeeks: [ResponseStats]
        /// All eight weeks, oldest first.
        var reach: [(reach: Int?, engagedResidents: Int)]
        var breaches: (count: Int, items: [ListedItem])
        var open: (count: Int, items: [ListedItem])
        var header: ReportHeader
    }

    private static func load(period: ReportPeriod, weeks: [ReportPeriod], config: PipelineConfig,
                             sideFigures: () throws -> SideFigures, on connection: Connection) throws -> WeeklySummary {
        let filter = ResponseFilter(org: config.org, period: period)
        let before = shifted(period, weeks: -1)
        // A week not recorded (before the data starts, inside a gap, after it stopped) was not
        // quiet: its figures, and the change from it, are unknown rather than zeros to grow from.
        let span = try DataSpan.load(org: config.org, timeZone: config.timeZone,
                                     meeting: period.days(from: min(before.from, weeks.first?.from ?? before.from)), on: connection)
        let perService = try span.records(period) ? ResponseStats.load(filter, grouping: .service, config: config, on: connection) : []
        let total = span.records(period) ? perService.first { $0.service == nil } ?? .empty : nil
        // Daily figures are cut where the questions are: at the last day over by the as-of instant.
        let reachFigures = try dailyFigures(period, span: span, config: config, on: connection)
        let reach = ReachSummary(period: daily(period) ?? period, figures: reachFigures ?? [], recorded: reachFigures != nil)
        let reachBefore = try dailyFigures(before, span: span, config: config, on: connection).flatMap {
            ReachSummary(period: daily(before)!, figures: $0, recorded: true).total
        }
        let listening = try Listening.load(org: config.org, period: period, previous: before, previousRecorded: span.records(before), on: connection)
        let youtube = try YouTubeOutline.load(org: config.org, period: period, reach: reachFigures ?? [], on: connection)
        let figures = try sideFigures()
        let (breaches, open, header) = (figures.breaches, figures.open, figures.header)
        let weekly = figures.earlierWeeks + [total ?? .empty]
        let previous = span.records(before) ? weekly[trendWeeks - 2] : nil

        let trend = zip(weeks, zip(weekly, figures.reach)).map { week, figures in
            let (stats, weekReach) = figures
            let known = span.records(week)
            // This week's daily figures are the headline's, cut as it is.
            let (reachFigure, engaged) = week.from == period.from ? (reach.total?.reach, reach.total?.engagedResidents)
                : (weekReach.reach, weekReach.engagedResidents)
            return TrendWeek(week: ISOWeek(containing: week.from).description, questions: known ? stats.inbound : nil,
                             responseRate: known ? stats.responseRate : nil, withinTargetRate: known ? stats.withinTargetRate : nil,
                             medianResponseSeconds: known ? stats.medianFirstResponseSeconds : nil,
                             reach: known ? reachFigure : nil, engagedResidents: known ? engaged : nil,
                             partial: week.asOf < week.end && week.from == period.from)
        }

        return WeeklySummary(
            header: header,
            isoWeek: ISOWeek(containing: period.from).description, previousWeek: ISOWeek(containing: before.from).description,
            hasData: (total?.inbound ?? 0) > 0 || (reach.total?.engagements ?? 0) > 0 || reach.total?.reach != nil,
            inProgress: period.asOf < period.end,
            headline: Headline(
                questions: .init(total?.inbound, previous?.inbound),
                responseRate: .init(total?.responseRate, previous?.responseRate),
                medianResponseSeconds: .init(total?.medianFirstResponseSeconds, previous?.medianFirstResponseSeconds),
                withinTargetRate: .init(total?.withinTargetRate, previous?.withinTargetRate),
                reach: .init(reach.total?.reach, reachBefore?.reach),
                engagedResidents: .init(reach.total?.engagedResidents, reachBefore?.engagedResidents),
                followersGrowth: .init(reach.total?.followersGrowth, reachBefore?.followersGrowth),
                followers: reach.total?.followers
            ),
            total: total,
            reachTo: period.asOf < period.end ? daily(period)?.to.description : nil,
            services: ServiceRanking(perService, config: config),
            sla: SLAOutline(
                breached: breaches.count, breaches: breaches.items.map { $0.judged(config: config, asOf: period.asOf) },
                open: open.count, oldestOpen: open.items
            ),
            reach: reach,
            listening: listening,
            youtube: youtube,
            trend: trend,
            serviceNames: Dictionary(config.services.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
            arrivals: span.records(period) ? try ArrivalCells.load(filter, on: connection) : nil
        )
    }

    /// The days of `period` whose daily figures are known by its as-of instant (`wholeDaysTo`);
    /// nil when no day is over yet.
    private static func daily(_ period: ReportPeriod) -> ReportPeriod? {
        period.wholeDaysTo.map { ReportPeriod(from: period.from, to: $0, timeZone: period.timeZone, asOf: period.asOf) }
    }

    /// The reach figures of `period`'s whole days, or nil when it was not recorded or no day of
    /// it is over.
    private static func dailyFigures(_ period: ReportPeriod, span: DataSpan, config: PipelineConfig,
                                     on connection: Connection) throws -> [ReachFigures]? {
        guard span.records(period), let days = daily(period) else { return nil }
        return try ReachFigures.load(org: config.org, from: days.from, to: days.to, service: nil, on: connection)
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

    /// Every number, with `null` for a figure that cannot be computed rather than leaving its key
    /// out, so the shape is the same every week.
    public func json() throws -> String {
        try reportJSON(self)
    }
}

/// `reach_to` only for a week cut inside it.
extension WeeklySummary: OmittedWhenNil {
    static let omittedWhenNil: Set<String> = [CodingKeys.reachTo.stringValue]
}
