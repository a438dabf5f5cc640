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

    /// - Parameter events: the batch's events; a correction's links count as its event's would
    ///   (`LoggedEvent.corrected`): a parent it fills may join threads.
    init(_ events: [LoggedEvent], links store: any ConversationLinkRows, rows: any ResponseRows) throws {
        // The events' indices by thread, not copies of the events: copying them (each retains
        // every field) was 1.5 % of a rebuild's samples.
        var threads: [Threads: [Int]] = [:]
        for index in events.indices where Self.linkKind(of: events[index]) != nil
            && ConversationLinks.applies(platform: events[index].platform, channel: events[index].channel) {
            threads[Threads(org: events[index].org, platform: events[index].platform), default: []].append(index)
        }
        for (thread, indices) in threads {
            var links = Set<ConversationLinks.Link>()
            var nodes = Set<String>()
            for index in indices {
                let kind = Self.linkKind(of: events[index])!
                links.formUnion(ConversationLinks.links(kind: kind, sourceID: events[index].sourceID, conversationID: events[index].conversationID,
                                                        parentID: events[index].parentID))
                if ConversationMessage.isConversational(kind) { nodes.insert(Self.node(of: events[index], kind: kind)) }
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
        let node = Self.node(of: event, kind: event.kind!)
        let thread = Threads(org: event.org, platform: event.platform)
        return Self.key(thread, resolutions[thread]?.root(of: node) ?? node)
    }

    private static func node(of event: LoggedEvent, kind: EventKind) -> String {
        ConversationLinks.node(kind: kind, sourceID: event.sourceID, conversationID: event.conversationID, parentID: event.parentID)
    }

    /// The kind whose links an event gives: a correction's, that of the event it corrects.
    private static func linkKind(of event: LoggedEvent) -> EventKind? {
        event.correction?.kind ?? event.kind
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
