import Foundation

/// A surge in one series: from its first hour to the first hour back to normal.
public struct SpikeInterval: Sendable, Equatable {
    /// The first hour of the spike.
    public var start: Date
    /// The first hour back to normal (the spike covers `start..<end`); nil while it lasts.
    public var end: Date?
    public var startCount: Int
    public var startBaseline: SpikeBaseline
    public var startScore: Double
    /// Called before its first hour was over, because the count so far already cleared the bar.
    public var early: Bool
    public var peakCount: Int
    public var peakHour: Date
    /// The first normal hour's count and baseline, once ended.
    public var endCount: Int?
    public var endBaseline: Double?

    public init(start: Date, end: Date?, startCount: Int, startBaseline: SpikeBaseline, startScore: Double, early: Bool,
                peakCount: Int, peakHour: Date, endCount: Int? = nil, endBaseline: Double? = nil) {
        self.start = start
        self.end = end
        self.startCount = startCount
        self.startBaseline = startBaseline
        self.startScore = startScore
        self.early = early
        self.peakCount = peakCount
        self.peakHour = peakHour
        self.endCount = endCount
        self.endBaseline = endBaseline
    }

    /// Up to where the detector's state still depends on this spike: its end plus the quiet
    /// hours that ended it, or forever while it lasts. History from there on can be judged afresh.
    public var settledFrom: Date? {
        end.map { $0.addingTimeInterval(Double(SpikeDetector.quietHoursToEnd) * HourClock.hour) }
    }

    public func covers(_ instant: Date) -> Bool {
        instant >= start && (end.map { instant < $0 } ?? true)
    }
}

/// Finds spikes in an hourly series: a pure function of the counts and of how far the data goes.
///
/// Hours are judged in order. An hour is *closed* once the newest message seen is
/// ``settleSeconds`` past its end; a closed hour can start a spike, continue one, or count
/// towards its end. The hours not yet closed can only start a spike, and only when their count
/// so far already clears the bar (counts only grow), so a surge is called within the hour.
/// A spike ends after ``quietHoursToEnd`` closed hours in a row that do not continue it; it
/// ends at the first of them.
///
/// Because the result depends only on the counts, the history start and which hours are
/// closed, the processor can re-run it over any stretch whose counts changed (late data)
/// and always reach the same spikes, whatever order the messages arrived in.
public struct SpikeDetector: Sendable {
    public var rules: SpikeRules
    public var clock: HourClock

    /// How long after an hour's end it is judged, for messages that arrive a little late.
    public static let settleSeconds: TimeInterval = 15 * 60
    /// Closed hours below the continuing bar, in a row, that end a spike.
    public static let quietHoursToEnd = 2

    public init(rules: SpikeRules, clock: HourClock) {
        self.rules = rules
        self.clock = clock
    }

    /// The first hour not yet closed, when the newest message seen is at `watermark`.
    public func firstOpenHour(watermark: Date) -> Date {
        clock.hour(containing: watermark.addingTimeInterval(-Self.settleSeconds))
    }

    /// The spikes that start at or after `from` (default: the history start), judging hours up to
    /// and including `through`, of which those before `openFrom` are closed.
    ///
    /// `from` must be an hour at which no spike is under way (the detector starts there idle).
    public func detect(_ series: HourlySeries, from: Date? = nil, openFrom: Date, through: Date) -> [SpikeInterval] {
        judge(series, from: from ?? series.historyStart, openFrom: openFrom, through: through, stopsAt: { _ in false }).found
    }

    /// The spikes that start at or after `from` once the counts changed at hours up to
    /// `changedUntil`, given `previous`, the spikes found before the change with the same history
    /// start, closed hours and `through`; nil if the judgement has not caught up with `previous`
    /// before `giveUpAt`, the hour from which `series` may lack counts (the caller then judges
    /// the series in full).
    ///
    /// Late data from years ago need not be judged through to today. An hour's judgement depends
    /// on its count, the counts of the same hour up to four weeks before, and whether a spike is
    /// under way; an idle detector carries nothing else. So from the first closed hour more than
    /// four weeks after the last changed one at which both judgements are idle, the new one is
    /// the old one.
    public func redetect(_ series: HourlySeries, from: Date, openFrom: Date, through: Date, changedUntil: Date,
                         previous: [SpikeInterval], giveUpAt: Date) -> [SpikeInterval]? {
        let unaffected = unaffectedAfter(changedUntil)
        let judged = judge(series, from: from, openFrom: openFrom, through: through) { hour in
            hour >= unaffected && hour < openFrom && !previous.contains { $0.start < hour && ($0.settledFrom.map { hour < $0 } ?? true) }
                || hour >= giveUpAt
        }
        guard let stop = judged.stoppedAt else { return through < giveUpAt ? judged.found : nil }
        guard stop < giveUpAt else { return nil }
        return judged.found + previous.filter { $0.start >= stop }
    }

    /// The first hour from which no hour's count or baseline involves any hour up to `changed`:
    /// past the oldest reference of a weekly baseline (a day more, for a clock change).
    public func unaffectedAfter(_ changed: Date) -> Date {
        clock.shifting(changed, days: 7 * Self.weeksBack + 1)
    }

    /// Judges hours in order from `from`; stops before the first hour at which the detector is
    /// idle and `stopsAt` says so (then `stoppedAt` is that hour).
    private func judge(_ series: HourlySeries, from: Date, openFrom: Date, through: Date,
                       stopsAt: (Date) -> Bool) -> (found: [SpikeInterval], stoppedAt: Date?) {
        var found: [SpikeInterval] = []
        var current: SpikeInterval?
        var firstQuiet: (hour: Date, count: Int, baseline: Double?)?
        var quiet = 0
        for hour in clock.hours(from: from, to: through.addingTimeInterval(HourClock.hour)) {
            if current == nil, stopsAt(hour) { return (found, hour) }
            let count = series.count(at: hour)
            let closed = hour < openFrom
            guard var spike = current else {
                guard count >= rules.minimumHourly, let baseline = baseline(for: hour, openSince: nil, in: series),
                      rules.starts(count: count, baseline: baseline) else { continue }
                current = SpikeInterval(
                    start: hour, end: nil, startCount: count, startBaseline: baseline,
                    startScore: SpikeRules.score(count: count, baseline: baseline), early: !closed,
                    peakCount: count, peakHour: hour, endCount: nil, endBaseline: nil
                )
                quiet = 0
                firstQuiet = nil
                continue
            }
            guard closed else { continue }
            let baseline = baseline(for: hour, openSince: spike.start, in: series)
            if let baseline, rules.continues(count: count, baseline: baseline) {
                quiet = 0
                firstQuiet = nil
                if count > spike.peakCount {
                    spike.peakCount = count
                    spike.peakHour = hour
                    current = spike
                }
                continue
            }
            quiet += 1
            if firstQuiet == nil { firstQuiet = (hour, count, baseline?.value) }
            if quiet >= Self.quietHoursToEnd, let ending = firstQuiet {
                spike.end = ending.hour
                spike.endCount = ending.count
                spike.endBaseline = ending.baseline
                found.append(spike)
                current = nil
            }
        }
        if let current { found.append(current) }
        return (found, nil)
    }
}
