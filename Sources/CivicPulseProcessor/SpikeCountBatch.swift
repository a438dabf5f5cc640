import CivicPulseCore
import CivicPulseReadModel
import Foundation

/// What one stretch of the log adds to the hourly counts, and how far it moves the detector's clock.
struct SpikeCountBatch {
    /// New messages per series and hour.
    var added: [SpikeSeriesKey: [Date: Int]] = [:]
    /// Which series and hours it changed, and how far it moves the clock.
    var changes = SpikeChanges()
    /// Residents' messages on topics, for urgency.
    var onTopics: [(event: LoggedEvent, topics: [String])] = []

    /// Counts residents' messages to the org; the org's own and the processor's own spike events
    /// count nowhere. `events` are the council's alone (`Councils.split`).
    init(_ events: ArraySlice<LoggedEvent>, config: PipelineConfig, clock: HourClock) {
        for event in events {
            guard let kind = event.kind else { continue }
            if SpikeSeriesKey.advancesClock(kind) {
                changes.see(event.occurredAt)
            }
            guard !event.actorIsOrg else { continue }
            let topics = kind == .mention || kind.awaitsResponse ? event.topics : []
            let keys = SpikeSeriesKey.keys(kind: kind, service: event.service, topics: topics)
            guard !keys.isEmpty else { continue }
            let hour = clock.hour(containing: event.occurredAt)
            for key in keys {
                added[key, default: [:]][hour, default: 0] += 1
                changes.count(key, at: hour)
            }
            if kind.awaitsResponse, !topics.isEmpty {
                onTopics.append((event, topics))
            }
        }
    }

    /// Adds the batch to the hourly counts.
    func write(org: String, in rows: any SpikeRows) throws {
        try rows.addCounts(org: org, added)
    }
}
