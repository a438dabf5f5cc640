import CivicPulseCore

/// `ConversationLinkRows` in memory, with the behaviour of `ConversationRoots`: the roots come
/// from the same `ConversationLinks.roots`, over every link of the platform at once, where the
/// PostgreSQL one reads only the threads a batch touches.
public final class MemoryConversationLinks: ConversationLinkRows {
    private var links: [String: Set<ConversationLinks.Link>] = [:]
    private var roots: [String: [String: String]] = [:]

    public init() {}

    public func absorb(_ links: Set<ConversationLinks.Link>, asking nodes: Set<String>, platform: String) throws -> ConversationResolution {
        let stored = roots[platform, default: [:]]
        let added = links.subtracting(self.links[platform, default: []])
        guard !added.isEmpty else {
            return ConversationResolution(roots: stored.filter { nodes.contains($0.key) }, moved: [:])
        }
        self.links[platform, default: []].formUnion(added)
        let joined = ConversationLinks.roots(of: self.links[platform, default: []])
        var moved: [String: String] = [:]
        for (node, root) in joined where stored[node] != root && (stored[node] ?? node) != root {
            moved[stored[node] ?? node] = root
        }
        roots[platform] = joined
        return ConversationResolution(roots: joined.filter { nodes.contains($0.key) }, moved: moved)
    }

    public func reset() throws {
        links = [:]
        roots = [:]
    }
}
