import CivicPulseCore
import Foundation
import Postgres

/// The topic spikes that make residents' messages urgent: a message on a topic (one of the
/// `urgent_topics`) sent while that topic is in spike is urgent, like one with an emergency keyword.
///
/// Urgency follows the spikes as they stand, never the order things were processed in: a message
/// processed before its topic's spike was found is made urgent when the spike is, and routine
/// again if late data withdraws or shortens the spike. So a rebuild gives the same items.
struct TopicSpikeCover {
    private var spans: [String: [(start: Date, end: Date?)]] = [:]

    static func load(config: PipelineConfig, on connection: Connection) throws -> TopicSpikeCover {
        var cover = TopicSpikeCover()
        let rows = try connection.query("""
            SELECT value, started_at, ended_at FROM projections.spikes
            WHERE org = \(config.org) AND dimension = \(SpikeSeriesKey.topic) AND value = ANY(\(config.urgentTopics))
            """)
        for row in rows {
            cover.spans[try row.decode(String.self, 0), default: []].append((try row.decode(Date.self, 1), try row.decode(Date?.self, 2)))
        }
        return cover
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

/// Keeps `projections.conversation_messages.urgent` in step with the topic spikes.
struct SpikeUrgency {
    let connection: Connection
    let config: PipelineConfig

    /// Remembers residents' messages on topics, with the urgency they have of their own.
    func record(_ messages: [(event: LoggedEvent, topics: [String])]) throws {
        guard !messages.isEmpty else { return }
        try connection.copyIn("""
            COPY projections.message_topics (log_position, event_id, org, conversation_key, topics, occurred_at, keyword_urgent) FROM STDIN
            """) { writer in
            for (event, topics) in messages {
                writer.field(event.position)
                writer.field(event.eventID)
                writer.field(event.org)
                writer.field(ConversationMessage.key(platform: event.platform, conversationID: event.conversationID, sourceID: event.sourceID))
                writer.field(topics)
                writer.field(event.occurredAt)
                writer.field(config.isUrgent(event.text, at: event.occurredAt, service: event.service))
                try writer.endRow()
            }
        }
    }

    /// Re-decides the urgency of messages on `topics` from `from` on, whose spikes changed, and
    /// recomputes the response items of the conversations where it changed.
    func reconsider(topics: [String], from: Date) throws {
        guard !topics.isEmpty else { return }
        let changed = try connection.query("""
            WITH decided AS (
                SELECT m.log_position, m.keyword_urgent OR EXISTS (
                           SELECT 1 FROM projections.spikes s
                           WHERE s.org = m.org AND s.dimension = \(SpikeSeriesKey.topic)
                             AND s.value = ANY(m.topics) AND s.value = ANY(\(config.urgentTopics))
                             AND s.started_at <= m.occurred_at AND (s.ended_at IS NULL OR m.occurred_at < s.ended_at)
                       ) AS urgent
                FROM projections.message_topics m
                WHERE m.org = \(config.org) AND m.topics && \(topics)::text[] AND m.occurred_at >= \(from)
            )
            UPDATE projections.conversation_messages c SET urgent = d.urgent
            FROM decided d
            WHERE c.log_position = d.log_position AND c.urgent <> d.urgent
            RETURNING c.conversation_key
            """)
        let keys = Set(try changed.map { try $0.decode(String.self, 0) })
        guard !keys.isEmpty else { return }
        try ResponseProjection(connection: connection, config: config).recomputeItems(Array(keys))
    }
}
