import Foundation

/// Which conversation a message belongs to, worked out from the reply links of the whole log.
///
/// Twitter API v1.1 (and premium search, which returns v1.1 statuses) carries no conversation id:
/// a reader can only follow reply chains inside the payload it reads, so a council's replies
/// fetched by `from:` and residents' questions fetched by `to:` arrive as separate pieces of one
/// thread. Each event still says whom it sits under (its parent, and the furthest ancestor the
/// reader could name as its conversation), and those links, gathered across every file and batch,
/// join the pieces again. A link only ever points up a reply tree, so each joined thread has one
/// node that no link leads up from: its root, whose id names the conversation.
///
/// The root is a function of the set of links alone, never of the order they arrived in, which
/// is what lets `process --rebuild` reproduce incremental processing whatever the batches.
/// API v2's `conversation_id` is already that root: its links lead to it and change nothing.
public enum ConversationLinks {
    /// An event's statement that `node` sits below `up` in a reply tree.
    public struct Link: Hashable, Sendable {
        public var node: String
        public var up: String

        public init(node: String, up: String) {
            self.node = node
            self.up = up
        }
    }

    /// Whether events of this platform and channel are grouped through their links: public
    /// tweets. Facebook and YouTube threads are named by the platform (a top-level comment, a
    /// comment thread), and Twitter DMs by their DM conversation.
    public static func applies(platform: String, channel: String) -> Bool {
        platform == "twitter" && channel == "twitter"
    }

    /// Kinds whose `parent_id` is the message they reply to. Edits, withdrawals and reactions
    /// name the message they act on there, which is not a place in the reply tree.
    static let linkingKinds: Set<EventKind> = [.inboundMessage, .comment, .mention, .reply, .post]

    /// The links an event gives: from the message to its parent and to its conversation id.
    public static func links(kind: EventKind, sourceID: String, conversationID: String?, parentID: String?) -> [Link] {
        guard linkingKinds.contains(kind) else { return [] }
        return Set([parentID, conversationID].compactMap { $0 }).subtracting([sourceID]).sorted().map { Link(node: sourceID, up: $0) }
    }

    /// The node whose conversation an event joins: the message it acts on for a withdrawal (so a
    /// deletion lands where its message is, wherever that turns out to be), else the message itself.
    public static func node(kind: EventKind, sourceID: String, conversationID: String?, parentID: String?) -> String {
        ConversationMessage.withdrawals.contains(kind) ? parentID ?? conversationID ?? sourceID : sourceID
    }

    /// The root of every node the links name.
    ///
    /// In each connected set of nodes, the root is the one node no link leads up from. Links that
    /// disagree (a cycle, or two nodes with no parent joined by an estimate) leave none or several;
    /// the least of them is taken then (shorter first, then by text: the oldest snowflake id), so
    /// the answer still depends on nothing but the links.
    public static func roots(of links: some Sequence<Link>) -> [String: String] {
        var parent: [String: String] = [:]
        var hasUp = Set<String>()
        func find(_ node: String) -> String {
            var root = node
            while let next = parent[root], next != root { root = next }
            var current = node
            while let next = parent[current], next != root {
                parent[current] = root
                current = next
            }
            return root
        }
        for link in links {
            for node in [link.node, link.up] where parent[node] == nil { parent[node] = node }
            if link.node != link.up { hasUp.insert(link.node) }
            let (a, b) = (find(link.node), find(link.up))
            if a != b { parent[a] = b }
        }
        let members = Dictionary(grouping: parent.keys, by: find)
        var roots: [String: String] = [:]
        for nodes in members.values {
            let tops = nodes.filter { !hasUp.contains($0) }
            let root = (tops.isEmpty ? nodes : tops).min(by: precedes)!
            for node in nodes { roots[node] = root }
        }
        return roots
    }

    /// Shorter ids first, then by text: numeric ids in numeric order.
    static func precedes(_ a: String, _ b: String) -> Bool {
        (a.count, a) < (b.count, b)
    }
}
