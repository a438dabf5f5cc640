import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// What every report states about itself: whose figures, which period, which rules, and how
/// far the data behind them goes.
public struct ReportHeader: Codable, Sendable, Equatable {
    public var report: String
    public var org: String
    public var orgName: String
    public var from: String
    public var to: String
    public var timeZone: String
    public var asOf: Date
    /// The calendar and SLA policy versions the items in the period were judged by.
    public var calendarVersions: [String]
    public var policyVersions: [String]
    /// The newest message time the processor has seen (`alerts` judges by it too,
    /// docs/emergencies.md): the figures know nothing after it. Nil when none has been processed.
    public var dataUntil: Date?
    /// No message processed in the `DataSpan.quietAllowance` before the period's end (or the as-of instant,
    /// if earlier): the period is not known to be quiet, and the report says so first.
    public var dataStopped: Bool
    /// The first hour with a resident's message (`DataSpan.start`); nil when none has been processed.
    public var dataStart: Date?
    /// The period (to the as-of instant) ends before `dataStart`: it was not recorded, so it is
    /// not known to be quiet, and its zeros are not figures.
    public var beforeData: Bool
    /// Gaps in the data (`DataSpan.gaps`) that share a day with the period or the one of the same
    /// length before it, which its changes are against: days not recorded, whose figures are
    /// unknown. Nil, and left out of the JSON, when there is none.
    public var noData: [DayRange]?
    /// Events in the log the processor has not taken, counted up to `UnprocessedEvents.counted`
    /// and one more (which stands for more than that).
    public var unprocessedEvents: Int

    enum CodingKeys: String, CodingKey {
        case report, org, from, to
        case orgName = "org_name"
        case timeZone = "time_zone"
        case asOf = "as_of"
        case calendarVersions = "calendar_versions"
        case policyVersions = "policy_versions"
        case dataUntil = "data_until"
        case dataStopped = "data_stopped"
        case dataStart = "data_start"
        case beforeData = "before_data"
        case noData = "no_data"
        case unprocessedEvents = "unprocessed_events"
    }

    /// The header of `filter`'s period. `span`, when given, is `span(filter, on:)` a caller has
    /// already read to know whether the period was recorded: read once, not once for each.
    static func load(report: String, filter: ResponseFilter, config: PipelineConfig, span: DataSpan? = nil,
                     on connection: Connection) throws -> ReportHeader {
        let pairs = try ResponseItemQueries.rulePairs(org: filter.org, start: filter.period.start, end: filter.period.end, on: connection)
        let before = Self.before(filter.period)
        let span = try span ?? Self.span(filter, on: connection)
        let dataUntil = span.until
        let known = filter.period.knownEnd
        return ReportHeader(
            report: report, org: config.org, orgName: config.name,
            from: filter.period.from.description, to: filter.period.to.description,
            timeZone: filter.period.timeZone == config.timeZone ? config.timeZoneName : filter.period.timeZone.identifier, asOf: filter.period.asOf,
            calendarVersions: Set(pairs.compactMap(\.calendar)).sorted(),
            policyVersions: Set(pairs.compactMap(\.policy)).sorted(),
            dataUntil: dataUntil,
            dataStopped: dataUntil.map { $0 < known.addingTimeInterval(-DataSpan.quietAllowance) } ?? false,
            dataStart: span.start,
            beforeData: span.start.map { $0 >= known } ?? false,
            noData: noData(span, meeting: [(before, filter.period.to)]),
            unprocessedEvents: try UnprocessedEvents.count(on: connection)
        )
    }

    /// How far the data goes and its gaps, read for the days of `filter`'s period and of the one
    /// of the same length before it (which its changes are against): what the header names, and
    /// enough to tell whether either period was recorded (`DataSpan.records`).
    static func span(_ filter: ResponseFilter, on connection: Connection) throws -> DataSpan {
        try DataSpan.load(org: filter.org, timeZone: filter.period.timeZone, meeting: filter.period.days(from: before(filter.period)), on: connection)
    }

    /// The first day of the period of the same length before `period`.
    private static func before(_ period: ReportPeriod) -> CivilDate {
        period.from.adding(days: -(period.to.daysSinceEpoch - period.from.daysSinceEpoch + 1))
    }

    private var zone: TimeZone { TimeZone(identifier: timeZone) ?? .gmt }

    /// What a reader must know of the data before reading any figure, a line each: that it stops
    /// short of the period (a week after the feeds stopped is not a quiet week), and that events
    /// wait for the processor (the figures are older than the log).
    var dataNotes: [String] {
        var notes: [String] = []
        if let dataStart, beforeData {
            notes.append("No data before \(firstDay(dataStart)): the period was not recorded, so its figures are unknown, not zero.")
        } else if let dataUntil, dataStopped {
            notes.append("Data until \(Formatting.local(dataUntil, in: zone)): nothing has been processed after it (the feeds or `civicpulse process` may be down).")
        } else if dataUntil == nil {
            notes.append("No messages have been processed yet (the feeds or `civicpulse process` may be down).")
        }
        notes += Self.notes(noData)
        if let waiting = UnprocessedEvents.note(unprocessedEvents) { notes.append(waiting) }
        return notes
    }

    /// `2026-11-16`: the org's calendar day of `date`.
    func firstDay(_ date: Date) -> String {
        String(Formatting.local(date, in: zone).prefix(10))
    }

    /// The header as the first lines of a text report; `scope` (`service waste`) follows the title.
    func text(scope: String? = nil) -> String {
        var lines = ["\(TerminalText.safe(orgName)) — \(report), \(from) to \(to) (\(timeZone)), as of \(Formatting.local(asOf, in: zone))"
            + (scope.map { " — \(TerminalText.safe($0))" } ?? "")] + dataNotes
        if !calendarVersions.isEmpty || !policyVersions.isEmpty {
            lines.append("Rules: \((calendarVersions + policyVersions).joined(separator: "; "))")
        }
        return lines.joined(separator: "\n")
    }
}

extension ReportHeader {
    /// `no_data` of every report (this header's, and `alerts`' and `incident`'s, which keep their
    /// own JSON shape): the gaps of `span` that share a day with any of `stretches` (local days,
    /// both included), oldest first; nil when there is none.
    static func noData(_ span: DataSpan, meeting stretches: [(from: CivilDate, to: CivilDate)]) -> [DayRange]? {
        assert(span.meeting.map { read in stretches.allSatisfy { $0.from > $0.to || (read.contains($0.from) && read.contains($0.to)) } } ?? true,
               "the gaps asked of were not read")
        let gaps = span.gaps.filter { gap in stretches.contains { gap.firstDay <= $0.to && $0.from <= gap.lastDay } }
        return gaps.isEmpty ? nil : gaps.map { DayRange(from: $0.firstDay.description, to: $0.lastDay.description) }
    }

    /// The line every text report prints under its title for each gap it names.
    static func notes(_ noData: [DayRange]?) -> [String] {
        (noData ?? []).map { gap in
            "No data \(gap.from) to \(gap.to): nothing was recorded on those days (the feeds or `civicpulse process` were down), "
                + "so figures for them, and changes against them, are unknown (–), not zero."
        }
    }

    /// Days from one to another, both included (`2026-11-23` to `2026-11-29`).
    public struct DayRange: Codable, Sendable, Equatable {
        public var from: String
        public var to: String
    }
}

/// `no_data` only when there is a gap to name.
extension ReportHeader: OmittedWhenNil {
    static let omittedWhenNil: Set<String> = [CodingKeys.noData.stringValue]
}
