import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// Keeps each of the council's business clocks (`BusinessClockRows`) written out over the span
/// of its conversation messages, so that analysts' SQL can read any business duration between
/// two of them, an item's opening and its resolution, as the reports compute it.
///
/// The span is the earliest to the latest message the council's events have carried, so the rows
/// depend on the log and the pipeline only, not on the batches: a span that grows later is written
/// on from the clock's last period, one that grows earlier (a late, old message) or a clock the
/// pipeline newly names is written whole.
struct BusinessClockProjection: Projection {
    let rows: any BusinessClockRows
    let config: PipelineConfig

    init(rows: any BusinessClockRows, config: PipelineConfig) {
        self.rows = rows
        self.config = config
    }

    init(connection: Connection, config: PipelineConfig) {
        self.init(rows: PostgresBusinessClockRows(connection: connection), config: config)
    }

    func apply(_ events: [LoggedEvent]) throws {
        // A correction is the message it corrects as now known, at the same time. Read in place:
        // a copy of every event and its correction into a new array was 2 % of a rebuild's samples.
        let times = events.lazy.filter { [$0.kind, $0.correction?.kind].contains { $0.map(ConversationMessage.isConversational) ?? false } }
            .map(\.occurredAt)
        guard var from = times.min(), var to = times.max() else { return }
        let stored = try rows.stored(org: config.org)
        from = stored.values.map(\.coversFrom).reduce(from, min)
        to = stored.values.map(\.coversTo).reduce(to, max)
        for (label, calendar) in clocks {
            let clock = BusinessClock(calendar)
            if let known = stored[label], known.coversFrom <= from {
                guard known.coversTo < to else { continue }
                if let last = known.last {
                    try rows.extend(org: config.org, label: label, to: to, periods: clock.periods(through: to, after: last))
                    continue
                }
            }
            try rows.replace(org: config.org, label: label, from: from, to: to, periods: clock.periods(from: from, through: to))
        }
    }

    /// Every calendar version the council's services use, by the label its items store.
    private var clocks: [(label: String, calendar: BusinessCalendar)] {
        var seen = Set<String>()
        return config.services.flatMap(\.calendar.versions).compactMap { version in
            seen.insert(version.label).inserted ? (version.label, version.value) : nil
        }
    }

    func reset() throws {
        try rows.reset()
    }
}
