import CivicPulseCore
import Foundation

/// `SpikeRows` in memory, with the behaviour of `PostgresSpikeRows`, so that the spike
/// projection's logic can be tested step by step without a server. The detector's statements are
/// recorded (`statements`) where PostgreSQL appends them to the log, each once, as the log's
/// derived ids make them; urgency is re-decided in the `MemoryResponseRows` given, and the days
/// covered (for gaps) come from the `MemoryReachRows` given, as PostgreSQL's from its reach tables.
public final class MemorySpikeRows: SpikeRows {
    public private(set) var detectors: [String: SpikeDetectorRow] = [:]
    public private(set) var pendingSeries: [String: [PendingSeries]] = [:]
    /// Messages per org, series and hour.
    public private(set) var hourlyCounts: [String: [SpikeSeriesKey: [Date: Int]]] = [:]
    /// Each org's spikes per series, with their ids.
    public private(set) var stored: [String: [SpikeSeriesKey: [(id: UUID, spike: SpikeInterval)]]] = [:]
    /// Residents' messages on topics, by their position in the log.
    public private(set) var messageTopics: [Int64: MessageTopicRow] = [:]
    /// The statements the detector appended to the log, in order, each once.
    public private(set) var statements: [EngagementEvent] = []
    private let responses: MemoryResponseRows
    private let reach: MemoryReachRows
    /// The last position of each org's events in each of the log's transactions.
    private let transactionEnds: [TransactionOfOrg: Int64]

    private struct TransactionOfOrg: Hashable {
        var org: String
        var txID: String
    }

    /// - Parameters:
    ///   - responses: the messages whose urgency `reconsiderUrgency` decides.
    ///   - reach: the engagements and readings whose days are covered (`gaps`).
    ///   - log: the log's events as (org, transaction, position), for `transactionContinues`.
    public init(responses: MemoryResponseRows, reach: MemoryReachRows, log: [(org: String, txID: String, position: Int64)]) {
        self.responses = responses
        self.reach = reach
        transactionEnds = Dictionary(log.map { (TransactionOfOrg(org: $0.org, txID: $0.txID), $0.position) }, uniquingKeysWith: max)
    }

    public func detector(org: String) throws -> SpikeDetectorRow? {
        detectors[org]
    }

    public func saveDetector(org: String, _ row: SpikeDetectorRow) throws {
        var row = row
        row.pendingNewest = detectors[org]?.pendingNewest
        detectors[org] = row
    }

    public func pending(org: String) throws -> [PendingSeries] {
        pendingSeries[org] ?? []
    }

    public func savePending(org: String, newest: Date?, series: [PendingSeries]) throws {
        pendingSeries[org] = series
        detectors[org]?.pendingNewest = newest
    }

    public func addCounts(org: String, _ added: [SpikeSeriesKey: [Date: Int]]) throws {
        for (key, byHour) in added {
            hourlyCounts[org, default: [:]][key, default: [:]].merge(byHour, uniquingKeysWith: +)
        }
    }

    public func counts(org: String, keys: [SpikeSeriesKey], since: Date, before: Date?) throws -> [SpikeSeriesKey: [Date: Int]] {
        var counts: [SpikeSeriesKey: [Date: Int]] = [:]
        for key in keys {
            let hours = (hourlyCounts[org]?[key] ?? [:]).filter { hour, _ in hour >= since && (before.map { hour < $0 } ?? true) }
            if !hours.isEmpty { counts[key] = hours }
        }
        return counts
    }

    public func countedSeries(org: String, since: Date?) throws -> [SpikeSeriesKey] {
        (hourlyCounts[org] ?? [:]).filter { key, hours in
            key.dimension != SpikeSeriesKey.mentions && hours.keys.contains { hour in since.map { hour >= $0 } ?? true }
        }.map(\.key)
    }

    public func spikes(org: String, keys: [SpikeSeriesKey]) throws -> [SpikeSeriesKey: [SpikeInterval]] {
        var spikes: [SpikeSeriesKey: [SpikeInterval]] = [:]
        for key in keys {
            if let found = stored[org]?[key], !found.isEmpty {
                spikes[key] = found.map(\.spike).sorted { $0.start < $1.start }
            }
        }
        return spikes
    }

    public func ongoingSeries(org: String) throws -> [SpikeSeriesKey] {
        (stored[org] ?? [:]).filter { $0.value.contains { $0.spike.end == nil } }.map(\.key)
    }

    public func replaceSpikes(org: String, key: SpikeSeriesKey, from: Date, with spikes: [(id: UUID, spike: SpikeInterval)]) throws {
        stored[org, default: [:]][key, default: []].removeAll { $0.spike.start >= from }
        stored[org, default: [:]][key, default: []] += spikes
    }

    public func topicSpans(org: String, topics: [String]) throws -> [String: [(start: Date, end: Date?)]] {
        var spans: [String: [(start: Date, end: Date?)]] = [:]
        for topic in topics {
            let key = SpikeSeriesKey(dimension: SpikeSeriesKey.topic, value: topic)
            if let found = stored[org]?[key], !found.isEmpty {
                spans[topic] = found.map { ($0.spike.start, $0.spike.end) }
            }
        }
        return spans
    }

    public func recordTopics(_ messages: [MessageTopicRow]) throws {
        for message in messages { messageTopics[message.position] = message }
    }

    public func reconsiderUrgency(org: String, topics: [String], from: Date, urgentTopics: [String]) throws -> Set<String> {
        let spans = try topicSpans(org: org, topics: urgentTopics)
        var changed: Set<String> = []
        for message in messageTopics.values
        where message.org == org && !Set(message.topics).isDisjoint(with: topics) && message.occurredAt >= from {
            let inSpike = message.topics.contains { topic in
                spans[topic]?.contains { $0.start <= message.occurredAt && ($0.end.map { message.occurredAt < $0 } ?? true) } ?? false
            }
            let urgent = message.keywordUrgent || inSpike
            guard urgent != message.urgent else { continue }
            messageTopics[message.position]!.urgent = urgent
            if let key = responses.setUrgent(urgent, at: message.position) { changed.insert(key) }
        }
        return changed
    }

    public func reset() throws {
        detectors = [:]
        pendingSeries = [:]
        hourlyCounts = [:]
        stored = [:]
        messageTopics = [:]
    }

    public func gaps(org: String, timeZone: TimeZone, from: Date, through: Date) throws -> [DataGap] {
        CoverageQueries.gaps(covered: reach.coveredDays(org: org), timeZone: timeZone, from: from, through: through)
    }

    public func transactionContinues(org: String, txID: String, after position: Int64) throws -> Bool {
        (transactionEnds[TransactionOfOrg(org: org, txID: txID)] ?? 0) > position
    }

    public func appendStatements(_ statements: [EngagementEvent]) throws {
        let logged = Set(self.statements.map(\.eventID))
        self.statements += statements.filter { !logged.contains($0.eventID) }
    }
}
