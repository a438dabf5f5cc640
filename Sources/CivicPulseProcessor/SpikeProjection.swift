import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// Counts messages per hour, finds spikes in them, appends `spike_started`/`spike_ended` events
/// when the spikes found change, and keeps urgency in step (docs/emergencies.md).
///
/// The spikes are always `SpikeDetector.detect` over the counts as they stand, so they do not
/// depend on the order messages arrived in or on batch sizes: after each appending transaction
/// the detector re-judges only the series whose counts changed, from the last hour at which it
/// was idle before the change, and, when hours closed, every series with messages or a spike
/// under way; when a transaction filled a gap in the data (late data), every series, from the
/// gap, since no baseline counts a gap's hours and a recorded day's zeros are real (`BatchGaps`).
/// Its own spike events count nowhere and move no clock, so processing them changes nothing.
struct SpikeProjection: Projection {
    let rows: any SpikeRows
    let config: PipelineConfig
    /// Where a judgement that changes a topic's spikes sends the urgency it changes.
    let urgency: SpikeUrgency
    /// The council's last event the projections have processed, as (transaction, position),
    /// which a rebuild's replay must reach before it appends again; nil before the first.
    let processedEnd: () throws -> (txID: UInt64, position: Int64)?

    init(rows: any SpikeRows, responses: ResponseProjection, config: PipelineConfig,
         processedEnd: @escaping () throws -> (txID: UInt64, position: Int64)?) {
        self.rows = rows
        self.config = config
        urgency = SpikeUrgency(spikes: rows, responses: responses, config: config)
        self.processedEnd = processedEnd
    }

    /// The projection over PostgreSQL, in the batch's transaction on `connection`: the council's
    /// last event at or before the checkpoint (the checkpoint's own, in a log of that council alone).
    init(connection: Connection, config: PipelineConfig) {
        let rows = PostgresSpikeRows(connection: connection)
        self.init(rows: rows, responses: ResponseProjection(connection: connection, config: config), config: config, processedEnd: {
            let checkpoint = try Checkpoint.load(on: connection)
            return try UInt64(checkpoint.txID).flatMap { try rows.lastEvent(org: config.org, atOrBefore: $0, position: checkpoint.position) }
        })
    }

    private var clock: HourClock { HourClock(timeZone: config.timeZone) }
    private var detector: SpikeDetector { SpikeDetector(rules: config.emergencies.rules, clock: clock) }

    /// Where the detector stood before a batch, the days without data it could judge the
    /// batch's hours against, read before reach records the batch's days (`BatchProjections`),
    /// and the urgent topics' spikes the batch's messages are first judged by.
    struct BatchStart {
        var state: SpikeDetectorState
        var gaps: BatchGaps
        var cover: TopicSpikeCover
    }

    /// The detector's state, and the gaps before the batch over every day its judgements can
    /// reach: from the earliest of the history judged, the changes pending and the batch's
    /// events (the council's alone, `Councils.split`), to the latest of them.
    func start(_ events: [LoggedEvent]) throws -> BatchStart {
        let state = try SpikeDetectorState.load(org: config.org, from: rows)
        let cover = try TopicSpikeCover.load(config: config, from: rows)
        let times = events.lazy.map(\.occurredAt)
        let from = [state.historyStart, state.pending.firstHour, times.min()].compactMap { $0 }.min()
        let through = [state.watermark, state.pending.newest, times.max()].compactMap { $0 }.max()
        guard let from, let through else {
            return BatchStart(state: state, gaps: BatchGaps(uncovered: [], timeZone: config.timeZone), cover: cover)
        }
        let gaps = try rows.gaps(org: config.org, timeZone: config.timeZone, from: from, through: through)
        return BatchStart(state: state, gaps: BatchGaps(uncovered: DataGap.days(of: gaps), timeZone: config.timeZone), cover: cover)
    }

    func apply(_ events: [LoggedEvent], from start: BatchStart) throws {
        var state = start.state
        var gaps = start.gaps
        var counts = SpikeCountWindow { [rows, org = config.org] in try rows.counts(org: org, keys: $0, since: $1, before: $2) }
        let units = try judgementUnits(events, state: state)
        for unit in units {
            // Days only become covered: with none uncovered, no transaction can fill one.
            if !gaps.uncovered.isEmpty {
                let filled = gaps.cover(ReachBatch(events[unit.range], config: config).coveredDays)
                try judgeAgainAcross(filled, in: gaps, state: &state)
            }
            try run(events[unit.range], state: &state, counts: &counts, gaps: gaps, cover: start.cover, judge: unit.complete, appending: unit.appending)
        }
        if let last = events.last, state.reachesReplayEnd(last) { state.replayUntil = nil }
        try state.save(org: config.org, in: rows)
    }

    /// A stretch of a batch judged once at its end, if its last transaction ends in the batch.
    private struct JudgementUnit {
        var range: Range<Int>
        var complete: Bool
        var appending: Bool
    }

    /// The batch cut where the detector judges: after each appending transaction, so the spike
    /// events appended are those found after each transaction, whatever the batch sizes and
    /// wherever a run was killed and resumed. A transaction read only in part is judged in the
    /// batch that reads its end: the end of the council's events in it, as in a log holding the
    /// council alone (`events` are one council's). After a rebuild, the transactions whose spike events are already
    /// in the log are judged once, together: their judgements append nothing, and the spikes are
    /// a function of the counts, so judging them one by one would only cost time.
    private func judgementUnits(_ events: [LoggedEvent], state: SpikeDetectorState) throws -> [JudgementUnit] {
        guard let lastEvent = events.last else { return [] }
        let endsInside = try rows.transactionContinues(org: config.org, txID: lastEvent.txID, after: lastEvent.position)
        var units: [JudgementUnit] = []
        var start = 0
        while start < events.count {
            var end = start + 1
            while end < events.count, events[end].txID == events[start].txID { end += 1 }
            let appending = !state.isReplayed(events[end - 1])
            // The transaction the batch ends inside stays a unit of its own, so the replayed
            // ones before it are judged at their end, as they were when first processed.
            let complete = end < events.count || !endsInside
            if !appending, complete, var last = units.last, !last.appending {
                last.range = last.range.lowerBound..<end
                units[units.count - 1] = last
            } else {
                units.append(JudgementUnit(range: start..<end, complete: complete, appending: appending))
            }
            start = end
        }
        return units
    }

    private func run(_ events: ArraySlice<LoggedEvent>, state: inout SpikeDetectorState, counts window: inout SpikeCountWindow,
                     gaps dataGaps: BatchGaps, cover: TopicSpikeCover, judge: Bool, appending: Bool) throws {
        let batch = SpikeCountBatch(events, config: config, clock: clock)
        try batch.write(org: config.org, in: rows)
        window.add(batch.added)
        try urgency.record(batch.onTopics, cover: cover)
        state.pending.merge(batch.changes)
        guard judge, !state.pending.isEmpty else { return }
        let changes = state.pending
        state.pending = SpikeChanges()

        let before = state
        state.watermark = [state.watermark, changes.newest].compactMap { $0 }.max()
        state.historyStart = [state.historyStart, changes.firstHour].compactMap { $0 }.min()
        guard let watermark = state.watermark, let historyStart = state.historyStart else { return }

        let changedFrom = try seriesToJudge(changes: changes, before: before, historyStart: historyStart, watermark: watermark)
        guard !changedFrom.isEmpty else { return }
        let keys = changedFrom.keys.sorted()
        let stored = try rows.spikes(org: config.org, keys: keys)
        let restart = Dictionary(uniqueKeysWithValues: keys.map { key in
            (key, idleHour(atOrBefore: max(changedFrom[key]!, historyStart), spikes: stored[key] ?? []))
        })
        let lookback = clock.shifting(restart.values.min()!, days: -(7 * SpikeDetector.weeksBack + 1))
        let openFrom = detector.firstOpenHour(watermark: watermark)
        let through = clock.hour(containing: watermark)
        // When the batch moved neither the clock nor the history start, the stored spikes were
        // judged as the new ones are, and a judgement that catches up with them stops there: a
        // batch of old messages (a platform's history imported after another's) is judged for
        // weeks, not through to today. Counts are read that far, with a margin for spikes under way.
        let catchesUp = before.historyStart == historyStart
            && before.watermark.map { detector.firstOpenHour(watermark: $0) == openFrom && clock.hour(containing: $0) == through } == true
        let horizon = catchesUp
            ? changes.latest.values.max().map { clock.shifting(detector.unaffectedAfter($0), days: Self.marginDays) }
            : nil
        let counts = try window.counts(of: keys, since: lookback, before: horizon)
        // Days with no event at all are not quiet: no baseline counts their zeros.
        let gaps = dataGaps.gaps(from: historyStart, through: watermark).map { $0.start..<$0.end }

        var statements: [EngagementEvent] = []
        var topicsChanged: [String] = []
        var urgencyFrom: Date?
        for key in keys {
            let from = restart[key]!
            let previous = (stored[key] ?? []).filter { $0.start >= from }
            var series = HourlySeries(counts: counts[key] ?? [:], historyStart: historyStart, gaps: gaps)
            var caughtUp: [SpikeInterval]?
            if let horizon, let changedUntil = changes.latest[key] {
                caughtUp = detector.redetect(series, from: from, openFrom: openFrom, through: through, changedUntil: changedUntil,
                                             previous: previous, giveUpAt: horizon)
                if caughtUp == nil {
                    series.counts = try window.counts(of: [key], since: lookback, before: nil)[key] ?? [:]
                }
            }
            let found = caughtUp ?? detector.detect(series, from: from, openFrom: openFrom, through: through)
            guard found != previous else { continue }
            statements += SpikeStatements.changes(org: config.org, key: key, old: previous, new: found,
                                                  settings: config.emergencies, seenUntil: watermark)
            try rows.replaceSpikes(org: config.org, key: key, from: from,
                                   with: found.map { (SpikeStatements.spikeID(org: config.org, key: key, start: $0.start), $0) })
            if key.dimension == SpikeSeriesKey.topic {
                topicsChanged.append(key.value)
                urgencyFrom = min(urgencyFrom ?? from, from)
            }
        }
        if let urgencyFrom {
            try urgency.reconsider(topics: topicsChanged, from: urgencyFrom)
        }
        if appending, !statements.isEmpty {
            try rows.appendStatements(statements)
        }
    }

    /// When a transaction fills days that were gaps in the hours judged so far, every series is
    /// judged again across them at its end: no baseline counted a gap's hours, and a recorded
    /// day's zeros are real.
    private func judgeAgainAcross(_ filled: Set<CivilDate>, in gaps: BatchGaps, state: inout SpikeDetectorState) throws {
        guard let start = state.historyStart, let watermark = state.watermark else { return }
        let judged = gaps.inside(filled, from: start, through: watermark)
        guard let earliest = judged.min(), let latest = judged.max() else { return }
        let from = earliest.midnight(in: config.timeZone)
        let through = latest.adding(days: 1).midnight(in: config.timeZone).addingTimeInterval(-HourClock.hour)
        for key in try rows.countedSeries(org: config.org, since: nil) {
            state.pending.count(key, at: from)
            state.pending.count(key, at: through)
        }
    }

    /// Days past the unaffected hour that counts are read for a judgement to catch up in.
    static let marginDays = 14

    /// Each series whose spikes may have changed, with the earliest hour whose judgement may differ.
    private func seriesToJudge(changes: SpikeChanges, before: SpikeDetectorState, historyStart: Date,
                               watermark: Date) throws -> [SpikeSeriesKey: Date] {
        var from = changes.earliest.filter { $0.key.isJudged }
        func include(_ keys: [SpikeSeriesKey], from hour: Date) {
            for key in keys { from[key] = min(from[key] ?? hour, hour) }
        }
        if let earlierStart = before.historyStart, historyStart < earlierStart {
            // Older messages than any before: every series gains history, so judge them all again.
            include(try rows.countedSeries(org: config.org, since: nil), from: historyStart)
        }
        let openFrom = detector.firstOpenHour(watermark: watermark)
        if let earlier = before.watermark.map(detector.firstOpenHour(watermark:)), earlier < openFrom {
            // Hours closed: what was under way in them is judged in full now.
            include(try rows.countedSeries(org: config.org, since: earlier), from: earlier)
            include(try rows.ongoingSeries(org: config.org), from: earlier)
        }
        return from
    }

    /// The hour to re-judge a series from: `hour` itself, unless a spike was under way then, in
    /// which case the start of that spike (the detector is idle only outside spikes).
    private func idleHour(atOrBefore hour: Date, spikes: [SpikeInterval]) -> Date {
        let during = spikes.last { $0.start <= hour && ($0.settledFrom.map { hour < $0 } ?? true) }
        return during?.start ?? hour
    }

    /// Empties the spike tables, every council's, for a rebuild (`replay(until:)` follows).
    func reset() throws {
        try rows.reset()
    }

    /// How far the council's spike events are already in the log, which a rebuild's replay must
    /// reach before it appends again: the council's last event processed (`processedEnd`), or,
    /// when a rebuild before this one was stopped short of the point its own replay had to reach,
    /// that point, which lies further. Read before the tables are emptied. Its last event, not
    /// the checkpoint: a replay that reaches it is over, as in a log holding the council alone,
    /// though other councils' events follow.
    func replayEnd() throws -> (txID: UInt64, position: Int64)? {
        let unfinished = try SpikeDetectorState.load(org: config.org, from: rows).replayUntil
        let processed = try processedEnd()
        let candidates = [processed, unfinished].compactMap { $0 }.filter { $0.position > 0 }
        return candidates.max(by: { ($0.txID, $0.position) < ($1.txID, $1.position) })
    }

    /// Remembers, in the emptied tables, that the council's judgements up to `end` append nothing.
    func replay(until end: (txID: UInt64, position: Int64)?) throws {
        guard let end else { return }
        var state = SpikeDetectorState()
        state.replayUntil = end
        try state.save(org: config.org, in: rows)
    }
}
