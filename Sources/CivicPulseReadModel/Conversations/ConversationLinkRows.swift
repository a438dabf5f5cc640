import CivicPulseCore

/// The reply links of each council's events and the root each linked message has under them, for
/// platforms whose events carry no conversation id of their own (v1.1 tweets): the response
/// projection asks it which conversation a message belongs to. Each council's threads are its
/// own, as its conversations are (`ConversationMessage.key(org:…)`). `ConversationRoots` keeps them
/// in PostgreSQL, `MemoryConversationLinks` in memory for tests without a server.
public protocol ConversationLinkRows {
    /// Adds `links` (of one council's events of one platform) and returns the roots of `nodes`
    /// with them, and which conversations the new links joined to another.
    func absorb(_ links: Set<ConversationLinks.Link>, asking nodes: Set<String>, org: String, platform: String) throws -> ConversationResolution
    /// Forgets every link and root, for a rebuild.
    func reset() throws
}

/// The roots of the nodes asked about (a node no link names is its own root), and the old
/// root → new root of every thread a new link joined to another.
public struct ConversationResolution: Sendable, Equatable {
    public var roots: [String: String]
    public var moved: [String: String]

    public init(roots: [String: String], moved: [String: String]) {
        self.roots = roots
        self.moved = moved
    }

    public func root(of node: String) -> String {
        roots[node] ?? node
    }
}
