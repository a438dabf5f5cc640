import CivicPulseCore
import Postgres

/// The reply links of each council's events and the root each linked message has under them
/// (`projections.conversation_nodes`: one row a message with its root and the messages it sits
/// below, migration 150; by council since migration 131, by forest id since migration 160): where
/// the processor finds which conversation a message of a platform without conversation ids belongs to.
///
/// Links are only ever added, so threads only ever join: a batch reads the threads its links
/// touch, works their roots out again from all of their links (`ConversationLinks.roots`) and
/// says which conversations were renamed, so their items can be computed again under one name.
public struct ConversationRoots: ConversationLinkRows {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// Adds `links` (of one council's events of one platform) and returns the roots of `nodes` with them.
    public func absorb(_ links: Set<ConversationLinks.Link>, asking nodes: Set<String>, org: String, platform: String) throws -> ConversationResolution {
        // One council's reply trees on one platform, by the id its nodes keep in place of the two
        // labels (`projections.pair_digest(council, platform)`, migration 160).
        let forest = PairDigest.id(org, platform)
        let named = nodes.union(links.flatMap { [$0.node, $0.up] })
        var stored = try roots(where: "node = ANY(\(Array(named)))", forest)
        let known = try self.links(from: Array(Set(links.map(\.node))), forest)
        let added = links.subtracting(known)
        guard !added.isEmpty else {
            return ConversationResolution(roots: stored.filter { nodes.contains($0.key) }, moved: [:])
        }
        // Every member of the threads the links touch, and all of their links.
        stored.merge(try roots(where: "root = ANY(\(Array(Set(stored.values))))", forest)) { old, _ in old }
        let all = try self.links(from: Array(stored.keys), forest).union(added)
        let joined = ConversationLinks.roots(of: all)
        let changed = joined.filter { stored[$0.key] != $0.value }
        try save(added, changed, joined, forest)
        var moved: [String: String] = [:]
        for (node, root) in changed where (stored[node] ?? node) != root { moved[stored[node] ?? node] = root }
        return ConversationResolution(roots: joined.filter { nodes.contains($0.key) }, moved: moved)
    }

    public func reset() throws {
        try connection.execute("TRUNCATE projections.conversation_nodes")
    }

    private func roots(where condition: Query, _ forest: Int64) throws -> [String: String] {
        let rows = try connection.query("""
            SELECT node, root FROM projections.conversation_nodes WHERE forest = \(forest) AND \(condition)
            """)
        return Dictionary(try rows.map { (try $0.decode(String.self, 0), try $0.decode(String.self, 1)) }) { first, _ in first }
    }

    private func links(from nodes: [String], _ forest: Int64) throws -> Set<ConversationLinks.Link> {
        guard !nodes.isEmpty else { return [] }
        let rows = try connection.query("""
            SELECT node, unnest(ups) FROM projections.conversation_nodes
            WHERE forest = \(forest) AND node = ANY(\(nodes))
            """)
        return Set(try rows.map { ConversationLinks.Link(node: try $0.decode(String.self, 0), up: try $0.decode(String.self, 1)) })
    }

    /// One statement: the nodes whose root `changed`, and the nodes of the `added` links (with
    /// their root in `joined`, changed or not), each upserted with its new ups merged into the
    /// stored ones in sorted order, so that any batching of the same links stores the same row.
    private func save(_ added: Set<ConversationLinks.Link>, _ changed: [String: String], _ joined: [String: String], _ forest: Int64) throws {
        var rows = changed
        for link in added { rows[link.node] = joined[link.node] }
        guard !rows.isEmpty else { return }
        try connection.query("""
            INSERT INTO projections.conversation_nodes AS n (forest, node, root, ups)
            SELECT \(forest)::bigint, r.node, r.root, l.ups
            FROM unnest(\(Array(rows.keys))::text[], \(Array(rows.values))::text[]) AS r(node, root)
            LEFT JOIN (SELECT node, array_agg(up ORDER BY up) AS ups
                       FROM unnest(\(added.map(\.node))::text[], \(added.map(\.up))::text[]) AS l(node, up) GROUP BY node) l USING (node)
            ON CONFLICT (forest, node) DO UPDATE SET root = excluded.root,
                ups = CASE WHEN excluded.ups IS NULL THEN n.ups
                           ELSE ARRAY(SELECT u FROM unnest(n.ups || excluded.ups) AS u ORDER BY u) END
            """)
    }
}
