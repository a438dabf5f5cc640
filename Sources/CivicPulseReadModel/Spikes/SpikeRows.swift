import CivicPulseCore
import Foundation

/// The rows the spike projection keeps (docs/emergencies.md): messages per series and hour
/// (`projections.hourly_counts`), the spikes as the detector last found them (`projections.spikes`),
/// how far the detector has seen (`projections.spike_detector`, `projections.spike_pending`), and
/// residents' messages on topics with their urgency, of their own and as it stands (`projections.message_topics`);
/// and what the detector needs of the log: where transactions end, and its statements appended.
public protocol SpikeRows {
    /// How far the detector has seen for the org, if it has judged anything.
    func detector(org: String) throws -> SpikeDetectorRow?
    /// Records how far the detector has seen; its pending changes are saved apart (`savePending`).
    func saveDetector(org: String, _ row: SpikeDetectorRow) throws
    /// The series whose changes wait for their transaction's end to be judged, with the hours they span.
    func pending(org: String) throws -> [PendingSeries]
    /// Replaces the pending changes; the detector's row must exist.
    func savePending(org: String, newest: Date?, series: [PendingSeries]) throws

    /// Adds messages to the hourly counts.
    func addCounts(org: String, _ added: [SpikeSeriesKey: [Date: Int]]) throws
    /// The counts of `keys` from `since` on, up to `before` when given.
    func counts(org: String, keys: [SpikeSeriesKey], since: Date, before: Date?) throws -> [SpikeSeriesKey: [Date: Int]]
    /// Judged series (not the mentions total) with messages from `since` on, or ever when nil.
    func countedSeries(org: String, since: Date?) throws -> [SpikeSeriesKey]

    /// The stored spikes of `keys`, each series' in order of start.
    func spikes(org: String, keys: [SpikeSeriesKey]) throws -> [SpikeSeriesKey: [SpikeInterval]]
    /// Series with a spike still under way.
    func ongoingSeries(org: String) throws -> [SpikeSeriesKey]
    /// Replaces the series' spikes that start at or after `from` with `spikes`, each with its id.
    func replaceSpikes(org: String, key: SpikeSeriesKey, from: Date, with spikes: [(id: UUID, spike: SpikeInterval)]) throws
    /// The spikes of these topics, as spans: the urgency facts the response projection is given.
    func topicSpans(org: String, topics: [String]) throws -> [String: [(start: Date, end: Date?)]]

    /// Remembers residents' messages on topics, with the urgency they have of their own and as recorded.
    func recordTopics(_ messages: [MessageTopicRow]) throws
    /// Re-decides the urgency of the org's messages on `topics` from `from` on: urgent of their
    /// own, or sent during a spike of one of their `urgentTopics`. Only the messages whose urgency
    /// that changes are written, here and in their conversation messages. Returns the
    /// conversations whose messages' urgency changed, whose items must be recomputed.
    func reconsiderUrgency(org: String, topics: [String], from: Date, urgentTopics: [String]) throws -> Set<String>

    /// Empties every spike row, for a rebuild.
    func reset() throws

    /// Whole local days with no event of the org between `from` and `through` (`CoverageQueries`):
    /// no baseline counts their zeros.
    func gaps(org: String, timeZone: TimeZone, from: Date, through: Date) throws -> [DataGap]

    /// Whether the log's transaction `txID` appended events of the org after `position` (a batch
    /// ended inside it). Another council's events after it do not count: the council's judgement
    /// waits for nothing a log holding that council alone would not have.
    func transactionContinues(org: String, txID: String, after position: Int64) throws -> Bool
    /// Appends the detector's statements (`spike_started`, `spike_ended`) to the log, each once:
    /// their ids are derived from what they say, so a statement made again appends nothing.
    func appendStatements(_ statements: [EngagementEvent]) throws
}

/// `projections.spike_detector`: how far the detector has seen for one org.
public struct SpikeDetectorRow: Sendable, Equatable {
    public var watermark: Date?
    public var historyStart: Date?
    /// After a rebuild: the log position (transaction id, position) up to which spike events are already in the log.
    public var replayTxID: String?
    public var replayPosition: Int64?
    /// The newest time of a message counted but not judged yet.
    public var pendingNewest: Date?

    public init(watermark: Date?, historyStart: Date?, replayTxID: String?, replayPosition: Int64?, pendingNewest: Date? = nil) {
        self.watermark = watermark
        self.historyStart = historyStart
        self.replayTxID = replayTxID
        self.replayPosition = replayPosition
        self.pendingNewest = pendingNewest
    }
}

/// A series with changes not judged yet, and the hours they span.
public struct PendingSeries: Sendable, Equatable {
    public var key: SpikeSeriesKey
    public var earliest: Date
    public var latest: Date

    public init(key: SpikeSeriesKey, earliest: Date, latest: Date) {
        self.key = key
        self.earliest = earliest
        self.latest = latest
    }
}

/// `projections.message_topics`: a resident's message on listening topics.
public struct MessageTopicRow: Sendable, Equatable {
    public var position: Int64
    public var org: String
    public var topics: [String]
    public var occurredAt: Date
    /// Urgent of its own (an emergency keyword), whatever the spikes.
    public var keywordUrgent: Bool
    /// Urgent as it stands: as its conversation message was recorded, then as each change of its
    /// topics' spikes decided it again (`SpikeRows.reconsiderUrgency`).
    public var urgent: Bool

    public init(position: Int64, org: String, topics: [String], occurredAt: Date, keywordUrgent: Bool, urgent: Bool) {
        self.position = position
        self.org = org
        self.topics = topics
        self.occurredAt = occurredAt
        self.keywordUrgent = keywordUrgent
        self.urgent = urgent
    }
}
