import CivicPulseCore
import CivicPulseReadModel
import Foundation

/// The topic spikes that make residents' messages urgent: a message on a topic (one of the
/// `urgent_topics`) sent while that topic is in spike is urgent, like one with an emergency keyword.
/// These are the urgency facts the spike judgement produces and the response projection consumes.
///
/// Urgency follows the spikes as they stand, never the order things were processed in: a message
/// processed before its topic's spike was found is made urgent when the spike is, and routine
/// again if late data withdraws or shortens the spike. So a rebuild gives the same items.
struct TopicSpikeCover {
    /// Each urgent topic's spikes, from their start to their end (nil while under way).
    private var spans: [String: [(start: Date, end: Date?)]]

    init(spans: [String: [(start: Date, end: Date?)]] = [:]) {
        self.spans = spans
    }

    /// The urgent topics' spikes as the detector last found them.
    static func load(config: PipelineConfig, from rows: any SpikeRows) throws -> TopicSpikeCover {
        TopicSpikeCover(spans: try rows.topicSpans(org: config.org, topics: config.urgentTopics))
    }

    /// Whether a resident's message sent at `instant` on `topics` falls in one of their spikes.
    func covers(topics: [String], at instant: Date) -> Bool {
        topics.contains { topic in
            spans[topic]?.contains { instant >= $0.start && ($0.end.map { instant < $0 } ?? true) } ?? false
        }
    }

    func covers(_ event: LoggedEvent) -> Bool {
        guard !spans.isEmpty, event.kind?.awaitsResponse == true else { return false }
        return covers(topics: event.topics, at: event.occurredAt)
    }
}

extension PipelineConfig {
    /// The topics whose spikes make items urgent.
    var urgentTopics: [String] {
        emergencies.urgentTopics ?? topics.map(\.id)
    }
}

/// Keeps the urgency of stored messages in step with the topic spikes: when a judgement changes
/// a topic's spikes, the messages on it are decided again and the response projection recomputes
/// the items of the conversations where that changed.
struct SpikeUrgency {
    let spikes: any SpikeRows
    let responses: ResponseProjection
    let config: PipelineConfig

    /// Remembers residents' messages on topics, with the urgency they have of their own and the
    /// one their conversation messages were recorded with: `cover` must be the spikes the response
    /// projection judged the batch by, so that the two agree until the spikes change.
    func record(_ messages: [(event: LoggedEvent, topics: [String])], cover: TopicSpikeCover) throws {
        try spikes.recordTopics(messages.map { event, topics in
            let keywordUrgent = event.keywordUrgent(config)
            return MessageTopicRow(
                position: event.position, org: event.org, topics: topics, occurredAt: event.occurredAt,
                keywordUrgent: keywordUrgent, urgent: keywordUrgent || cover.covers(event)
            )
        })
    }

    /// Re-decides the urgency of messages on `topics` from `from` on, whose spikes changed, and
    /// recomputes the response items of the conversations where it changed.
    func reconsider(topics: [String], from: Date) throws {
        guard !topics.isEmpty else { return }
        let keys = try spikes.reconsiderUrgency(org: config.org, topics: topics, from: from, urgentTopics: config.urgentTopics)
        guard !keys.isEmpty else { return }
        try responses.recomputeItems(Array(keys))
    }
}
