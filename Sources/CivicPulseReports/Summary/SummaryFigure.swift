import Foundation

/// The summary's figures worded once for every format, so text, Markdown, HTML and the e-mail
/// say the same thing in the same words.
struct SummaryFigure {
    enum Direction { case higherIsBetter, lowerIsBetter, neutral }

    var label: String
    var value: String
    /// The change from last week, signed; `–` when either week has no figure.
    var change: String
    var direction: Direction
    /// The raw change, to tell good from bad.
    var delta: Double?
    var trend: [Double?]

    /// Whether the change is good news (nil: no change, or no judgement to make).
    var improved: Bool? {
        guard let delta, delta != 0, direction != .neutral else { return nil }
        return (delta > 0) == (direction == .higherIsBetter)
    }
}

extension WeeklySummary {
    var figures: [SummaryFigure] {
        let h = headline
        return [
            SummaryFigure(label: "Questions received", value: Formatting.count(h.questions.current), change: ReachText.signed(h.questions.change),
                          direction: .neutral, delta: h.questions.change.map(Double.init), trend: drawn { $0.questions.map(Double.init) }),
            SummaryFigure(label: "Response rate", value: ReachText.rate(h.responseRate.current), change: ReachText.points(h.responseRate.change).appendingPoints,
                          direction: .higherIsBetter, delta: h.responseRate.change, trend: drawn(\.responseRate)),
            SummaryFigure(label: "Median first response", value: Formatting.duration(h.medianResponseSeconds.current),
                          change: ReachText.signedDuration(h.medianResponseSeconds.change), direction: .lowerIsBetter,
                          delta: h.medianResponseSeconds.change, trend: drawn(\.medianResponseSeconds)),
            SummaryFigure(label: "Answered within SLA", value: ReachText.rate(h.withinTargetRate.current), change: ReachText.points(h.withinTargetRate.change).appendingPoints,
                          direction: .higherIsBetter, delta: h.withinTargetRate.change, trend: drawn(\.withinTargetRate)),
            SummaryFigure(label: "Reach", value: Formatting.count(h.reach.current), change: ReachText.signed(h.reach.change),
                          direction: .higherIsBetter, delta: h.reach.change.map(Double.init), trend: drawn { $0.reach.map(Double.init) }),
            SummaryFigure(label: "Engaged residents", value: Formatting.count(h.engagedResidents.current), change: ReachText.signed(h.engagedResidents.change),
                          direction: .higherIsBetter, delta: h.engagedResidents.change.map(Double.init), trend: drawn { $0.engagedResidents.map(Double.init) }),
            SummaryFigure(label: "Follower growth", value: ReachText.signed(h.followersGrowth.current), change: ReachText.signed(h.followersGrowth.change),
                          direction: .higherIsBetter, delta: h.followersGrowth.change.map(Double.init), trend: []),
        ]
    }

    /// A figure of each trend week as the charts draw it: a week in progress has no mark, as
    /// its figures so far would read as its whole (the lowest week of eight, every Monday).
    func drawn(_ figure: (TrendWeek) -> Double?) -> [Double?] {
        trend.map { $0.partial ? nil : figure($0) }
    }

    func name(of service: String) -> String {
        serviceNames[service] ?? (service == "unassigned" ? "Not routed to a service" : service)
    }

    var zone: TimeZone { TimeZone(identifier: header.timeZone) ?? .gmt }

    /// `Week 2026-W47: 2026-11-16 to 2026-11-22`.
    var weekTitle: String { "Week \(isoWeek): \(header.from) to \(header.to)" + (inProgress ? " (in progress)" : "") }

    var asOfLine: String {
        guard inProgress else {
            return "Figures as of \(Formatting.local(header.asOf, in: zone)) (\(header.timeZone)); changes against \(previousWeek)."
        }
        let daily = reachTo.map { "reach, engaged residents and followers to the end of \($0) (daily figures, not cut within a day)" }
            ?? "no day is over yet, so no reach, engaged residents or followers"
        return "Week in progress, to \(Formatting.local(header.asOf, in: zone)) (\(header.timeZone)): figures so far, changes against "
            + "\(previousWeek) at the same point; \(daily); the trend leaves this week out until it ends."
    }

    /// A week without figures: quiet, or before the data starts or after it stopped, when it is
    /// not known to be quiet.
    var emptyWeekLine: String {
        if header.beforeData, let start = header.dataStart {
            return "No figures for \(isoWeek): the data starts \(header.firstDay(start)), so the week was not recorded and is not known to be quiet."
        }
        if let gap = header.noData?.first(where: { $0.from <= header.from && header.to <= $0.to }) {
            return "No figures for \(isoWeek): no data \(gap.from) to \(gap.to), so the week was not recorded and is not known to be quiet."
        }
        guard header.dataStopped, let until = header.dataUntil else {
            return "No messages from residents and no reach or engagement figures in \(isoWeek): nothing to report for this week."
        }
        return "No figures for \(isoWeek): nothing has been processed after \(Formatting.local(until, in: zone)), so the week is not known to be quiet."
    }

    var busiestHourLine: String? {
        guard let busiest = listening.busiestHour else { return nil }
        let times = busiest.timesMedian.map { String(format: "%.1f× the median hour", $0) } ?? "the median hour had none"
        return "Busiest hour: \(ReportTime.label(busiest.start, in: zone)), \(Formatting.count(busiest.messages)) messages from residents (\(times), "
            + "median \(String(format: "%g", listening.hourlyMedian)))."
    }

    /// `Spikes detected: topic flooding from Sat 21 Nov 06:00; all inbound, service highways from
    /// Sat 21 Nov 14:00.`: what spiked, as the detector names its series, by the hour it started.
    var spikesLine: String {
        let byHour = Dictionary(grouping: listening.detectedSpikes, by: \.startedAt)
        let hours = byHour.keys.sorted().map { hour in
            byHour[hour]!.map(\.series).joined(separator: ", ") + " from \(ReportTime.label(hour, in: zone))"
        }
        return "Spikes detected: " + hours.joined(separator: "; ") + "."
    }

    var youTubeLine: String {
        let y = youtube
        guard y.channels > 0 else { return "No YouTube figures this week." }
        let subscribers = y.subscribers.map { ", subscribers \(Formatting.count($0)) (\(ReachText.signed(y.subscribersGrowth)))" } ?? ""
        let views = y.views.map { "Views \(Formatting.count($0))" } ?? "No channel views reported for the week"
        return "\(views); residents' comments \(Formatting.count(y.comments)), council replies \(Formatting.count(y.replies))\(subscribers)."
    }

    func itemLine(_ item: ListedItem) -> String {
        let service = name(of: item.service)
        let due = item.dueAt.map { "due \(Formatting.local($0, in: zone))" } ?? "no target"
        let answered = item.respondedAt.map { "answered \(Formatting.local($0, in: zone))" } ?? "not answered"
        return "\(Formatting.local(item.openedAt, in: zone)) \(service), \(item.channel): \(due), \(answered)"
    }

    func serviceRow(_ score: ServiceRanking.ServiceScore) -> [String] {
        let mark = services.best.contains(score.service) ? "best" : services.worst.contains(score.service) ? "worst"
            : score.ranked ? "" : score.service == "unassigned" ? "no owner" : "too few"
        return [score.name, Formatting.count(score.stats.inbound), Formatting.percent(score.stats.answered, of: score.stats.inbound),
                Formatting.percent(score.stats.withinTarget, of: score.stats.judged), Formatting.duration(score.stats.medianFirstResponseSeconds), mark]
    }

    static let serviceHeaders = ["Service", "Items", "Answered", "In SLA", "Median", ""]

    var serviceNote: String {
        "Ranked by % answered within SLA, then response rate, among services with at least \(services.minimumJudged) items whose SLA outcome is known; unassigned messages have no owner to rank."
    }

    var reachRows: [[String]] {
        reach.services.sorted { ($0.engagedResidents, $1.service ?? "") > ($1.engagedResidents, $0.service ?? "") }.map { row in
            [name(of: row.service ?? ""), Formatting.count(row.reach),
             Formatting.count(row.engagedResidents), ReachText.signed(row.followersGrowth)]
        }
    }

    static let reachHeaders = ["Service", "Reach", "Engaged", "Followers ±"]
}

private extension String {
    var appendingPoints: String { self == "–" || self == "0" ? self : self + " pts" }
}
