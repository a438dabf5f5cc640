import CivicPulseCore
import Foundation
import Postgres

/// One hour of an incident: what came in, and what the same hour brought in normal weeks.
public struct IncidentHour: Codable, Sendable, Equatable {
    public var hour: Date
    /// Residents' inbound messages and comments.
    public var inbound: Int
    /// The mean of the same hour in the normal weeks compared; nil when there are none.
    public var usualInbound: Double?
    /// Listening mentions.
    public var mentions: Int
    /// The series in spike during this hour (`topic flooding`, …).
    public var inSpike: [String]

    enum CodingKeys: String, CodingKey {
        case hour, inbound, mentions
        case usualInbound = "usual_inbound"
        case inSpike = "in_spike"
    }
}

/// A topic's or a service's messages during an incident, against the same hours of normal weeks.
public struct SeriesVolume: Codable, Sendable, Equatable {
    public var value: String
    public var messages: Int
    /// The mean over the normal weeks of the same hours' total; nil when there are none.
    public var usual: Double?

    public var timesUsual: Double? {
        guard let usual else { return nil }
        return usual > 0 ? Double(messages) / usual : nil
    }

    enum CodingKeys: String, CodingKey {
        case value, messages, usual
        case timesUsual = "times_usual"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encode(messages, forKey: .messages)
        try container.encode(usual, forKey: .usual)
        try container.encode(timesUsual, forKey: .timesUsual)
    }

    public init(value: String, messages: Int, usual: Double?) {
        self.value = value
        self.messages = messages
        self.usual = usual
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(value: try container.decode(String.self, forKey: .value), messages: try container.decode(Int.self, forKey: .messages),
                  usual: try container.decodeIfPresent(Double.self, forKey: .usual))
    }
}

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
        let rows = try connection.query("""
            SELECT dimension, value, hour, count FROM projections.hourly_counts
            WHERE org = \(org) AND hour >= \(since) AND hour <= \(last)
            """)
        var counts: [SpikeSeriesKey: [Date: Int]] = [:]
        for row in rows {
            let key = SpikeSeriesKey(dimension: try row.decode(String.self, 0), value: try row.decode(String.self, 1))
            counts[key, default: [:]][try row.decode(Date.self, 2)] = try row.decode(Int.self, 3)
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
