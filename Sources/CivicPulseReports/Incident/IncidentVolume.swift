import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// The hourly counts of an incident and of the normal weeks it is compared with.
struct IncidentVolume {
    /// Counts by series and hour, for the incident and the compared weeks.
    let counts: [SpikeSeriesKey: [Date: Int]]
    let hours: [Date]
    /// How many weeks back each compared week is (1 = the week before).
    let weeks: [Int]
    let clock: HourClock

    static func load(org: String, hours: [Date], weeks: [Int], clock: HourClock, on connection: Connection) throws -> IncidentVolume {
        guard let first = hours.first, let last = hours.last else {
            return IncidentVolume(counts: [:], hours: [], weeks: weeks, clock: clock)
        }
        let since = clock.shifting(first, days: -7 * (weeks.max() ?? 0))
        var counts: [SpikeSeriesKey: [Date: Int]] = [:]
        for row in try SpikeQueries.hourlyCounts(org: org, since: since, until: last, on: connection) {
            counts[SpikeSeriesKey(dimension: row.dimension, value: row.value), default: [:]][row.hour] = row.count
        }
        return IncidentVolume(counts: counts, hours: hours, weeks: weeks, clock: clock)
    }

    func count(_ key: SpikeSeriesKey, _ hour: Date) -> Int {
        counts[key]?[hour] ?? 0
    }

    /// The mean over the compared weeks of `key` in the hours `hours` (shifted back by whole weeks).
    func usual(_ key: SpikeSeriesKey, over hours: [Date]) -> Double? {
        guard !weeks.isEmpty else { return nil }
        let total = weeks.reduce(0) { sum, week in
            sum + hours.reduce(0) { $0 + count(key, clock.shifting($1, days: -7 * week)) }
        }
        return Double(total) / Double(weeks.count)
    }

    func timeline(spikes: [ListedSpike]) -> [IncidentHour] {
        hours.map { hour in
            IncidentHour(
                hour: hour, inbound: count(.allInbound, hour), usualInbound: usual(.allInbound, over: [hour]),
                mentions: count(.allMentions, hour),
                inSpike: spikes.filter { $0.startedAt <= hour && ($0.endedAt.map { hour < $0 } ?? true) }.map(\.series)
            )
        }
    }

    /// The busiest values of a dimension during the incident, most messages first.
    func top(_ dimension: String, limit: Int = 5) -> [SeriesVolume] {
        counts.keys.filter { $0.dimension == dimension }.map { key in
            SeriesVolume(value: key.value, messages: hours.reduce(0) { $0 + count(key, $1) }, usual: usual(key, over: hours))
        }
        .filter { $0.messages > 0 }
        .sorted { ($0.messages, $1.value) > ($1.messages, $0.value) }
        .prefix(limit).map { $0 }
    }
}
