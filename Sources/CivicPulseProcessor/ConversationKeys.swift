import CivicPulseCore
import CivicPulseReadModel

/// The conversation each event of a batch belongs to.
///
/// Keys are the council's own (`ConversationMessage.key(org:…)`). For platforms whose events name
/// their conversation (Facebook, YouTube, Twitter DMs), it is the conversation id. For public
/// tweets it is the root of the reply tree that the links of the council's events give
/// (`ConversationLinks`): v1.1 statuses carry only an estimate made inside one file, and the
/// question of a reply may come in another file, in a later batch, or after the reply.
/// Making the keys records the batch's links and renames, in the response projections, every
/// conversation they join to another, so that its items are computed again under one name.
struct ConversationKeys {
    private var resolutions: [Threads: ConversationResolution] = [:]
    /// The keys of conversations this batch joined: their items must be computed again whole.
    private(set) var joined: Set<String> = []

    init(_ events: [LoggedEvent], links store: any ConversationLinkRows, rows: any ResponseRows) throws {
        let linked = events.filter { $0.kind != nil && ConversationLinks.applies(platform: $0.platform, channel: $0.channel) }
        for (thread, events) in Dictionary(grouping: linked, by: { Threads(org: $0.org, platform: $0.platform) }) {
            var links = Set<ConversationLinks.Link>()
            var nodes = Set<String>()
            for event in events {
                links.formUnion(ConversationLinks.links(kind: event.kind!, sourceID: event.sourceID, conversationID: event.conversationID, parentID: event.parentID))
                if ConversationMessage.isConversational(event.kind!) { nodes.insert(Self.node(of: event)) }
            }
            let resolution = try store.absorb(links, asking: nodes, org: thread.org, platform: thread.platform)
            let moved = Dictionary(uniqueKeysWithValues: resolution.moved.map {
                (Self.key(thread, $0.key), Self.key(thread, $0.value))
            })
            try rows.rename(moved)
            joined.formUnion(moved.values)
            resolutions[thread] = resolution
        }
    }

    /// The key of a conversational event's conversation.
    func key(for event: LoggedEvent) -> String {
        guard event.kind != nil, ConversationLinks.applies(platform: event.platform, channel: event.channel) else {
            return ConversationMessage.key(org: event.org, platform: event.platform, conversationID: event.conversationID, sourceID: event.sourceID)
        }
        let node = Self.node(of: event)
        let thread = Threads(org: event.org, platform: event.platform)
        return Self.key(thread, resolutions[thread]?.root(of: node) ?? node)
    }

    private static func node(of event: LoggedEvent) -> String {
        ConversationLinks.node(kind: event.kind!, sourceID: event.sourceID, conversationID: event.conversationID, parentID: event.parentID)
    }

    private static func key(_ thread: Threads, _ root: String) -> String {
        ConversationMessage.key(org: thread.org, platform: thread.platform, conversationID: root, sourceID: root)
    }

    /// One council's reply trees on one platform: each council's threads are made from its own
    /// events' links, as in a log of its own.
    private struct Threads: Hashable {
        var org: String
        var platform: String
    }
}
