import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// What happened during an incident, hour by hour, and how the council kept up, against the
/// same hours of normal weeks (docs/emergencies.md).
public struct IncidentReport: Codable, Sendable, Equatable {
    public var org: String
    public var orgName: String
    public var timeZone: String
    /// Whole local hours: the first, and the end (exclusive).
    public var from: Date
    public var to: Date
    public var asOf: Date
    /// The newest message time the processor has seen.
    public var dataUntil: Date?
    /// The period asked for went past `dataUntil`, so it ends with the hour of it: hours after
    /// it are not quiet but not yet counted, and a spike open then is open for want of data.
    public var endsAtData: Bool
    /// The spike the report was asked for, if any.
    public var spike: ListedSpike?
    /// The starts of the same stretch in the normal weeks compared: up to 4 weeks back, within
    /// the log's history, with no all-inbound spike of their own and no gap in the data.
    public var normalWeeks: [Date]
    public var timeline: [IncidentHour]
    public var inboundSparkline: String
    public var mentionsSparkline: String
    /// How many hours each block of the sparklines stands for (by their mean): 1 up to
    /// `sparklineWidth` hours, more beyond, so that a sparkline stays one line.
    public var sparklineHours: Int
    public var topics: [SeriesVolume]
    public var services: [SeriesVolume]
    /// Every spike that overlaps the period.
    public var spikes: [ListedSpike]
    public var responses: ResponseComparison
    public var unansweredUrgent: [ListedItem]
    /// Gaps in the data (`ReportHeader.noData`) that share a day with the period or with the same
    /// stretch of the weeks it may be compared with: not quiet but unrecorded (a week with a gap
    /// is not compared). Nil, and left out of the JSON, when there is none.
    public var noData: [ReportHeader.DayRange]?

    enum CodingKeys: String, CodingKey {
        case org, from, to, spike, timeline, topics, services, spikes, responses
        case orgName = "org_name"
        case timeZone = "time_zone"
        case asOf = "as_of"
        case dataUntil = "data_until"
        case endsAtData = "ends_at_data"
        case sparklineHours = "sparkline_hours"
        case normalWeeks = "normal_weeks"
        case inboundSparkline = "inbound_sparkline"
        case mentionsSparkline = "mentions_sparkline"
        case unansweredUrgent = "unanswered_urgent"
        case noData = "no_data"
    }

    /// The longest period one report covers, in hours (five weeks).
    public static let maximumHours = 5 * 7 * 24

    /// The most blocks a sparkline takes: three days of hours.
    public static let sparklineWidth = 72

    /// Why there is no report of the period asked for; safe to print (our own limits and the
    /// time of the newest message, never data).
    public struct PeriodError: Error, Equatable, CustomStringConvertible {
        private enum Code: Equatable {
            case empty
            case beforeData(until: String)
            case tooLong(hours: Int)
        }

        private let code: Code

        /// `--to` is not after `--from`.
        public static let empty = PeriodError(code: .empty)
        /// The period starts after the newest message processed, `until` (a local time).
        public static func beforeData(until: String) -> PeriodError { PeriodError(code: .beforeData(until: until)) }
        /// The period has more than `maximumHours` hours.
        public static func tooLong(hours: Int) -> PeriodError { PeriodError(code: .tooLong(hours: hours)) }

        public var description: String {
            switch code {
            case .empty: "the period is empty: --to must be after --from"
            case .beforeData(let until): "no messages have been processed after \(until), before the period starts"
            case .tooLong(let hours): "the period is \(hours) hours; an incident report covers at most \(IncidentReport.maximumHours)"
            }
        }
    }

    /// The report for `from..<to`, widened to whole local hours and cut at the hour of the newest
    /// message processed.
    public static func load(config: PipelineConfig, from: Date, to: Date, asOf: Date, spike: ListedSpike? = nil,
                            on connection: Connection) throws -> IncidentReport {
        let clock = HourClock(timeZone: config.timeZone)
        let start = clock.hour(containing: from)
        let asked = clock.hour(containing: to.addingTimeInterval(-0.001)).addingTimeInterval(HourClock.hour)
        guard asked > start else { throw PeriodError.empty }
        let span = try DataSpan.load(org: config.org, timeZone: config.timeZone, on: connection)
        let dataUntil = span.until
        let dataEnd = dataUntil.map { clock.hour(containing: $0).addingTimeInterval(HourClock.hour) }
        let end = min(asked, dataEnd ?? asked)
        if end <= start, let dataUntil {
            throw PeriodError.beforeData(until: ReportTime.label(dataUntil, in: config.timeZone))
        }
        let hours = clock.hours(from: start, to: end)
        guard hours.count <= maximumHours else {
            throw PeriodError.tooLong(hours: hours.count)
        }
        let weeks = try normalWeeks(org: config.org, from: start, to: end, gaps: span.gaps, clock: clock, on: connection)
        let days = BusinessCalendar.alwaysOpen(in: config.timeZone)
        let compared = [(from: start, to: end)] + (1...normalWeeksBack).map { week in
            (from: clock.shifting(start, days: -7 * week), to: clock.shifting(end, days: -7 * week))
        }
        let volume = try IncidentVolume.load(org: config.org, hours: hours, weeks: weeks, clock: clock, on: connection)
        let spikes = try ListedSpike.overlapping(org: config.org, from: start, to: end, on: connection)
        let timeline = volume.timeline(spikes: spikes)
        let shifted = weeks.map { (from: clock.shifting(start, days: -7 * $0), to: clock.shifting(end, days: -7 * $0)) }
        return IncidentReport(
            org: config.org, orgName: config.name, timeZone: config.timeZoneName, from: start, to: end, asOf: asOf,
            dataUntil: dataUntil, endsAtData: end < asked, spike: spike, normalWeeks: shifted.map(\.from), timeline: timeline,
            inboundSparkline: Sparkline.render(counts: timeline.map(\.inbound), width: sparklineWidth),
            mentionsSparkline: Sparkline.render(counts: timeline.map(\.mentions), width: sparklineWidth),
            sparklineHours: Sparkline.countsPerBlock(timeline.count, width: sparklineWidth),
            topics: volume.top(SpikeSeriesKey.topic), services: volume.top(SpikeSeriesKey.service), spikes: spikes,
            responses: ResponseComparison(
                during: try WindowStats.load(org: config.org, windows: [(start, end)], asOf: asOf, on: connection),
                normal: try WindowStats.load(org: config.org, windows: shifted, asOf: asOf, on: connection)
            ),
            unansweredUrgent: try unansweredUrgent(org: config.org, from: start, to: end, asOf: asOf, config: config, on: connection),
            noData: ReportHeader.noData(span, meeting: compared.map { (days.localDate(of: $0.from), days.localDate(of: $0.to.addingTimeInterval(-1))) })
        )
    }

    /// The period of a spike: its hours, up to the hour of `asOf` while it lasts (which `load`
    /// cuts at the newest message processed).
    public static func period(of spike: ListedSpike, asOf: Date, clock: HourClock) -> (from: Date, to: Date) {
        (spike.startedAt, spike.endedAt ?? max(spike.startedAt, clock.hour(containing: asOf)).addingTimeInterval(HourClock.hour))
    }

    /// How many weeks back the same stretch may be compared.
    static let normalWeeksBack = 4

    /// Weeks back (1…`normalWeeksBack`) whose same stretch is normal: inside the log's history, not
    /// itself in an all-inbound spike, and with no gap in the data, whose zeros are not a normal week.
    static func normalWeeks(org: String, from: Date, to: Date, gaps: [DataGap], clock: HourClock, on connection: Connection) throws -> [Int] {
        let historyStart = try SpikeQueries.historyStart(org: org, on: connection)
        guard let historyStart else { return [] }
        let busy = try ListedSpike.overlapping(org: org, from: clock.shifting(from, days: -7 * normalWeeksBack), to: from, on: connection)
            .filter { $0.dimension == SpikeSeriesKey.all }
        return (1...normalWeeksBack).filter { week in
            let weekFrom = clock.shifting(from, days: -7 * week), weekTo = clock.shifting(to, days: -7 * week)
            return weekFrom >= historyStart && !busy.contains { $0.startedAt < weekTo && ($0.endedAt.map { $0 > weekFrom } ?? true) }
                && !gaps.contains { $0.start < weekTo && weekFrom < $0.end }
        }
    }
}

extension IncidentReport {
    /// Items opened in the period, urgent and unanswered at `asOf`, oldest first.
    static func unansweredUrgent(org: String, from: Date, to: Date, asOf: Date, config: PipelineConfig,
                                 on connection: Connection) throws -> [ListedItem] {
        try ListedItem.listing(try IncidentQueries.unansweredUrgent(org: org, from: from, to: to, asOf: asOf, on: connection), on: connection)
            .map { $0.judged(config: config, asOf: asOf) }
    }
}

/// `no_data` only when there is a gap to name.
extension IncidentReport: OmittedWhenNil {
    static let omittedWhenNil: Set<String> = [CodingKeys.noData.stringValue]
}
