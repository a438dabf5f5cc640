import Foundation

/// Names one hourly series the processor counts: a listening topic, a service's inbound
/// items, all inbound items, or all listening mentions.
public struct SpikeSeriesKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var dimension: String
    public var value: String

    public init(dimension: String, value: String) {
        self.dimension = dimension
        self.value = value
    }

    public static let topic = "topic"
    public static let service = "service"
    public static let all = "all"
    /// Counted for reports (the incident timeline) but never judged.
    public static let mentions = "mentions"

    public static let allInbound = SpikeSeriesKey(dimension: all, value: "inbound")
    public static let allMentions = SpikeSeriesKey(dimension: mentions, value: "all")

    /// Whether spikes are looked for in this series.
    public var isJudged: Bool {
        dimension != Self.mentions
    }

    /// `topic flooding`, `service waste`, `all inbound`.
    public var description: String { "\(dimension) \(value)" }

    public static func < (lhs: SpikeSeriesKey, rhs: SpikeSeriesKey) -> Bool {
        (lhs.dimension, lhs.value) < (rhs.dimension, rhs.value)
    }

    /// The series a message counts in: a resident's inbound message or comment in all inbound
    /// traffic and in its service's; a listening mention in all mentions; any of them in each of
    /// its listening topics. Other kinds (replies, posts, reactions, numbers) count nowhere.
    public static func keys(kind: EventKind, service: String, topics: [String]) -> [SpikeSeriesKey] {
        var keys: [SpikeSeriesKey]
        switch kind {
        case .inboundMessage, .comment: keys = [allInbound, SpikeSeriesKey(dimension: Self.service, value: service)]
        case .mention: keys = [allMentions]
        default: return []
        }
        keys += Set(topics).sorted().map { SpikeSeriesKey(dimension: topic, value: $0) }
        return keys
    }

    /// Messages of these kinds move the detector's clock on: their times are when residents and
    /// staff wrote, as the platforms report them. Posts (which may be scheduled ahead) and
    /// numbers (often dated by when they were fetched) do not.
    public static func advancesClock(_ kind: EventKind) -> Bool {
        kind == .inboundMessage || kind == .comment || kind == .mention || kind == .reply
    }
}
