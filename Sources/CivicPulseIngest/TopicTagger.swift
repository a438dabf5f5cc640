import CivicPulseCore
import Foundation

/// Records on each message which listening topics it is on, whichever reader produced it.
///
/// Topics go in `details.topics`; a mention on no topic is kept, flagged `details.unmatched`,
/// so the comms team can see what their terms miss.
struct TopicTagger {
    let config: PipelineConfig

    static let tagged: Set<EventKind> = [.mention, .inboundMessage, .comment]

    func tag(_ events: inout [EngagementEvent]) {
        guard !config.topics.isEmpty else { return }
        for index in events.indices where Self.tagged.contains(events[index].kind) {
            let topics = events[index].text.map(config.topics(in:)) ?? []
            if !topics.isEmpty {
                events[index].details["topics"] = .array(topics.map(JSONValue.string))
            } else if events[index].kind == .mention {
                events[index].details["unmatched"] = .bool(true)
            }
        }
    }
}
