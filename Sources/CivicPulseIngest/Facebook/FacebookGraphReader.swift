import CivicPulseCore
import Foundation

/// Walks a Graph API response: a list page (`data` + `paging`), an `?ids=` map, or one object,
/// and the connections nested in it (a post's `comments`, a comment's replies, a Page's
/// `posts` and `insights`), handing each post, comment and Insights row to the records, and each
/// Messenger thread of a `/conversations` page, and each message of a thread's `/messages` page,
/// to ``FacebookConversations``.
struct FacebookGraphReader {
    let context: IngestContext

    private var metrics: FacebookMetrics { FacebookMetrics(context: context) }

    func readList(_ document: JSONValue, records: inout FacebookRecords, into batch: inout NormalisedBatch) {
        let nodes = document["data"]?.arrayValue ?? []
        let scope = GraphScope(edge: GraphEdge(paging: document["paging"]), listing: nodes)
        for (index, node) in nodes.enumerated() {
            readNode(node, at: "data[\(index)]", scope: scope, records: &records, into: &batch)
        }
    }

    /// `?ids=a,b` answers with an object keyed by id; keys are read in order so runs are repeatable.
    func readIDsMap(_ document: JSONValue, records: inout FacebookRecords, into batch: inout NormalisedBatch) {
        let map = document.objectValue ?? [:]
        for key in map.keys.sorted() {
            readNode(map[key]!, at: "[\"\(key)\"]", scope: GraphScope(edge: nil), records: &records, into: &batch)
        }
    }

    func readNode(_ node: JSONValue, at path: String, scope: GraphScope, records: inout FacebookRecords, into batch: inout NormalisedBatch) {
        let rawID = node["id"]?.idString
        if FacebookConversations.isMessage(node) {
            FacebookConversations(context: context).read(message: node, at: path, pageHint: nil, records: &records, into: &batch)
            return
        }
        if FacebookConversations.isThread(node) {
            let page = scope.edge.flatMap { $0.name == "conversations" && !$0.objectID.isEmpty ? $0.objectID : nil }
            FacebookConversations(context: context).read(node, at: path, pageHint: page, records: &records, into: &batch)
            return
        }
        switch FacebookGraphObjects.type(of: node, edge: scope.edge?.name) {
        case .insight:
            let hint = scope.edge.flatMap { $0.name == "insights" && !$0.objectID.isEmpty ? $0.objectID : nil }
            records.read(node, at: path, id: rawID, into: &batch) {
                let events = try metrics.insight(node, objectHint: hint)
                return FacebookOutcome(events: events, ignoredAs: events.isEmpty ? "Insights rows with no data" : nil)
            }
        case .page:
            readPage(node, at: path, records: &records, into: &batch)
        case .post:
            records.read(node, at: path, id: rawID, into: &batch) {
                let item = try FacebookGraphObjects.post(node, scope: scope, observedAt: context.observedAt)
                return FacebookOutcome(items: [item], events: metrics.summaries(of: node, objectID: item.id, objectType: "post"))
            }
            var inner = GraphScope(edge: nil)
            inner.pageID = rawID.flatMap(FacebookIDs.owner(of:)) ?? scope.pageID
            inner.pageHandle = scope.pageHandle
            inner.postID = rawID
            readComments(of: node, at: path, scope: inner, records: &records, into: &batch)
        case .comment:
            records.read(node, at: path, id: rawID, into: &batch) {
                let item = try FacebookGraphObjects.comment(node, scope: scope)
                return FacebookOutcome(items: [item], events: metrics.summaries(of: node, objectID: item.id, objectType: "comment"))
            }
            // Replies fetched as `comments{comments}` sit under the comment they answer.
            var inner = scope
            inner.edge = nil
            inner.commentID = rawID
            inner.commentAuthorID = FacebookIDs.person(from: node)?.id
            readComments(of: node, at: path, scope: inner, records: &records, into: &batch)
        }
    }

    private func readComments(of node: JSONValue, at path: String, scope: GraphScope, records: inout FacebookRecords,
                              into batch: inout NormalisedBatch) {
        let children = connection("comments", of: node, at: path, records: &records, into: &batch)
        for (index, child) in children.enumerated() {
            var childScope = scope
            childScope.edge = GraphEdge(objectID: scope.commentID ?? scope.postID ?? "", name: "comments")
            childScope.listsParents = children.contains { $0["parent"] != nil }
            readNode(child, at: "\(path).comments.data[\(index)]", scope: childScope, records: &records, into: &batch)
        }
    }

    /// The nodes of a connection nested in `node` (`comments{data}`, `posts{data}`); a `data`
    /// that is not a list is quarantined as a record of its own rather than read as empty.
    private func connection(_ name: String, of node: JSONValue, at path: String, records: inout FacebookRecords,
                            into batch: inout NormalisedBatch) -> [JSONValue] {
        guard let data = node[name]?["data"] else { return [] }
        guard let nodes = data.arrayValue else {
            let prefix = path.isEmpty ? "" : "\(path)."
            records.read(data, at: "\(prefix)\(name).data", id: nil, into: &batch) {
                throw FieldProblem(field: "\(name).data", reason: "expected an array, got \(data.jsonText.prefix(40))")
            }
            return []
        }
        return nodes
    }

    /// A Page object: its own counts, and the posts and Insights nested in it.
    private func readPage(_ node: JSONValue, at path: String, records: inout FacebookRecords, into batch: inout NormalisedBatch) {
        let pageID = node["id"]?.idString
        let prefix = path.isEmpty ? "" : "\(path)."
        if FacebookGraphObjects.pageCounts.contains(where: { node[$0] != nil }) {
            records.read(node, at: path, id: pageID, into: &batch) {
                guard let pageID else { throw FieldProblem(field: "id", reason: "missing: the Page's counts cannot be attributed") }
                return FacebookOutcome(events: metrics.pageCounts(of: node, pageID: pageID))
            }
        }
        for connection in FacebookGraphObjects.pagePostConnections + ["insights"] {
            let edge = pageID.map { GraphEdge(objectID: $0, name: connection) }
            var scope = GraphScope(edge: edge)
            scope.edge = edge ?? GraphEdge(objectID: "", name: connection)
            for (index, child) in self.connection(connection, of: node, at: path, records: &records, into: &batch).enumerated() {
                readNode(child, at: "\(prefix)\(connection).data[\(index)]", scope: scope, records: &records, into: &batch)
            }
        }
    }
}
