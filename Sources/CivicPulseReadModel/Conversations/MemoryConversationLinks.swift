import CivicPulseCore

/// `ConversationLinkRows` in memory, with the behaviour of `ConversationRoots`: the roots come
/// from the same `ConversationLinks.roots`, over every link of the platform at once, where the
/// PostgreSQL one reads only the threads a batch touches.
public final class MemoryConversationLinks: ConversationLinkRows {
    /// By council and platform (`org/platform`).
    private var links: [String: Set<ConversationLinks.Link>] = [:]
    private var roots: [String: [String: String]] = [:]

    public init() {}

    public func absorb(_ links: Set<ConversationLinks.Link>, asking nodes: Set<String>, org: String, platform: String) throws -> ConversationResolution {
        let threads = "\(org)/\(platform)"
        let stored = roots[threads, default: [:]]
        let added = links.subtracting(self.links[threads, default: []])
        guard !added.isEmpty else {
            return ConversationResolution(roots: stored.filter { nodes.contains($0.key) }, moved: [:])
        }
        self.links[threads, default: []].formUnion(added)
        let joined = ConversationLinks.roots(of: self.links[threads, default: []])
        var moved: [String: String] = [:]
        for (node, root) in joined where stored[node] != root && (stored[node] ?? node) != root {
            moved[stored[node] ?? node] = root
        }
        roots[threads] = joined
        return ConversationResolution(roots: joined.filter { nodes.contains($0.key) }, moved: moved)
    }

    public func reset() throws {
        links = [:]
        roots = [:]
    }
}
