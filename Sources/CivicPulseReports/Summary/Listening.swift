import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// What residents talked about this week: listening topics and the busiest hour.
///
/// Names the busiest hour against the week's median hour, and the spikes the processor's
/// detector found that started in the week (each one a `spike_started` event).
public struct Listening: Codable, Sendable, Equatable {
    /// Residents' messages (mentions, messages, comments) per listening topic, most first.
    public var topics: [TopicCount]
    public var busiestHour: BusiestHour?
    /// Residents' messages in the median hour of the week (every hour counts, quiet ones too).
    public var hourlyMedian: Double
    /// The spikes that started in the week, in the order they started, each naming its series.
    public var detectedSpikes: [ListedSpike]
    /// Says how the spike figure was found, for the reader.
    public var spikeMethod: String

    enum CodingKeys: String, CodingKey {
        case topics
        case busiestHour = "busiest_hour"
        case hourlyMedian = "hourly_median"
        case detectedSpikes = "detected_spikes"
        case spikeMethod = "spike_method"
    }

    public struct TopicCount: Codable, Sendable, Equatable {
        public var topic: String
        public var messages: Int
        /// Last week's messages; nil when last week ended before the data starts, so that a
        /// first week of data does not read as a topic that grew from nothing.
        public var previous: Int?

        public init(topic: String, messages: Int, previous: Int?) {
            self.topic = topic
            self.messages = messages
            self.previous = previous
        }
    }

    public struct BusiestHour: Codable, Sendable, Equatable {
        public var start: Date
        public var messages: Int
        /// Messages in the busiest hour ÷ the median hour's (nil when the median hour is empty).
        public var timesMedian: Double?

        enum CodingKeys: String, CodingKey {
            case start, messages
            case timesMedian = "times_median"
        }
    }

    public static let topicLimit = 5

    /// Each period is read to its as-of instant (`knownEnd`), so a week cut at one has its
    /// messages to then, as its questions are.
    /// - Parameter previousRecorded: whether the data reaches back into `previous`.
    static func load(org: String, period: ReportPeriod, previous: ReportPeriod, previousRecorded: Bool,
                     on connection: Connection) throws -> Listening {
        let topics = try ListeningQueries.topics(org: org, start: period.start, end: period.knownEnd, previousStart: previous.start,
                                                 previousEnd: previous.knownEnd, limit: topicLimit, on: connection)
            .map { TopicCount(topic: $0.topic, messages: $0.messages, previous: previousRecorded ? $0.previous : nil) }
        let hours = try ListeningQueries.hours(org: org, start: period.start, end: period.knownEnd, on: connection).map { ($0.hour, $0.messages) }
        let spikes = try ListedSpike.overlapping(org: org, from: period.start, to: period.knownEnd, on: connection)
            .filter { $0.startedAt >= period.start }
        let median = Averages.median(hours.map { Double($0.1) }) ?? 0
        let busiest = hours.first.flatMap { hour in
            hour.1 == 0 ? nil : BusiestHour(start: hour.0, messages: hour.1, timesMedian: median > 0 ? Double(hour.1) / median : nil)
        }
        return Listening(
            topics: topics, busiestHour: busiest, hourlyMedian: median, detectedSpikes: spikes,
            spikeMethod: spikes.isEmpty
                ? "The spike detector found no spike this week: the busiest hour is shown against the week's median hour."
                : "Spikes found by the spike detector."
        )
    }
}
