import CivicPulseCore
import Foundation

/// Where a Graph node sits: the Page, post or comment it hangs under, when the payload says.
struct GraphScope {
    var pageID: String?
    var pageHandle: String?
    var postID: String?
    var commentID: String?
    var commentAuthorID: String?
    /// The connection the enclosing list holds (`comments`, `posts`, `insights`), and what it hangs from.
    var edge: GraphEdge?
    /// Whether the enclosing list was fetched with `parent`: some of its comments carry one, so
    /// one without it is not a reply. Graph leaves the field out of top-level comments and of
    /// every comment when not asked for it, so a list where none carries it cannot tell.
    var listsParents = false

    /// The scope a list page's paging URL gives its items, `nodes`.
    init(edge: GraphEdge?, listing nodes: [JSONValue]) {
        self.init(edge: edge)
        listsParents = nodes.contains { $0["parent"] != nil }
    }

    /// The scope a list page's paging URL gives its items.
    init(edge: GraphEdge?) {
        self.edge = edge
        guard let edge else { return }
        if edge.name == "comments" {
            postID = edge.objectID
            pageID = FacebookIDs.owner(of: edge.objectID)
        } else if GraphEdge.postEdges.contains(edge.name) {
            pageID = edge.objectID
        }
    }
}

/// Reads Graph API post and comment objects into ``FacebookItem``s.
enum FacebookGraphObjects {
    enum NodeType {
        case post, comment, insight, page
    }

    /// Connections of a Page object that hold its posts.
    static let pagePostConnections = ["posts", "feed", "published_posts", "visitor_posts", "tagged"]
    /// Numbers a Page object reports about itself.
    static let pageCounts = ["fan_count", "followers_count", "talking_about_count", "were_here_count", "checkins", "new_like_count", "rating_count"]
    /// Fields only comments have (posts have none of these).
    private static let commentFields = ["like_count", "comment_count", "can_remove", "user_likes", "can_reply_privately",
                                        "is_private", "parent", "object", "attachment", "can_hide", "can_like", "can_comment"]

    /// What a node is: its list's edge says when known; else the fields it carries do.
    static func type(of node: JSONValue, edge: String?) -> NodeType {
        if node["name"] != nil, node["period"] != nil, node["values"] != nil { return .insight }
        switch edge {
        case "comments": return .comment
        case "insights": return .insight
        case let edge? where GraphEdge.postEdges.contains(edge): return .post
        default: break
        }
        let hasConnections = (pagePostConnections + ["insights"]).contains { node[$0]?["data"] != nil }
        if node["created_time"] == nil, hasConnections || pageCounts.contains(where: { node[$0] != nil }) || node["category"] != nil {
            return .page
        }
        if commentFields.contains(where: { node[$0] != nil }) { return .comment }
        if FacebookPermalink(node["permalink_url"]?.stringValue)?.commentNumber != nil { return .comment }
        return .post
    }

    /// A post. Graph leaves `created_time` out unless asked for it; such a post is dated when the
    /// payload was fetched (`observedAt`) and flagged `time_observed`, rather than lost.
    static func post(_ node: JSONValue, scope: GraphScope, observedAt: Date) throws -> FacebookItem {
        let id = try node.requiredID("id")
        let createdAt = node["created_time"] == nil ? observedAt : try node.requiredTime("created_time")
        let link = FacebookPermalink(node["permalink_url"]?.stringValue)
        let pageID = FacebookIDs.owner(of: id) ?? link?.pageID ?? scope.pageID
        // The /posts edge leaves `from` out unless asked: what it lists is the Page's own.
        guard let author = FacebookIDs.person(from: node) ?? pageID.map({ FacebookItem.Person(id: $0) }) else {
            throw FieldProblem(field: "from", reason: "missing, and the post id names no Page to attribute it to")
        }
        var item = FacebookItem(object: .post, id: id, pageID: pageID, pageHandle: link?.pageHandle ?? scope.pageHandle,
                                author: author, occurredAt: createdAt, text: node["message"]?.stringValue,
                                url: node["permalink_url"]?.stringValue ?? "https://www.facebook.com/\(id)")
        (item.taggedPeople, item.taggedPages) = FacebookIDs.tags(in: node)
        let statusType = node["status_type"]?.stringValue
        item.isShare = statusType == "shared_story"
        item.sharedPostID = node["parent_id"]?.idString
        if let statusType { item.details["status_type"] = .string(statusType) }
        if node["created_time"] == nil { item.details["time_observed"] = .bool(true) }
        for flag in ["is_hidden", "is_published"] {
            if let value = node[flag]?.boolValue { item.details[flag] = .bool(value) }
        }
        return item
    }

    static func comment(_ node: JSONValue, scope: GraphScope) throws -> FacebookItem {
        let link = FacebookPermalink(node["permalink_url"]?.stringValue)
        let id: String
        if node["id"] == nil, let derived = link?.commentID {
            id = derived // Graph left the id out; the permalink spells it
        } else {
            id = try node.requiredID("id")
        }
        // Graph omits `from` without a Page access token. The comment is kept with an unknown
        // author (a resident of one message, docs/response-matching.md) and flagged, so a council
        // can see that its fetch needs `fields=from` and a Page token to tell answers apart.
        let author = FacebookIDs.person(from: node)
        let createdAt = try node.requiredTime("created_time")
        let postNumber = FacebookIDs.owner(of: id) ?? link?.postNumber
        let pageID = link?.pageID ?? scope.pageID
        var item = FacebookItem(object: .comment, id: id, pageID: pageID, pageHandle: link?.pageHandle ?? scope.pageHandle,
                                author: author, occurredAt: createdAt, text: node["message"]?.stringValue,
                                url: node["permalink_url"]?.stringValue ?? "https://www.facebook.com/\(id)")
        item.postID = scope.postID ?? postNumber.map { number in pageID.map { "\($0)_\(number)" } ?? number }
        let parent = node["parent"]
        item.parentCommentID = parent?["id"]?.idString ?? link?.parentCommentID ?? scope.commentID
        item.parentAuthorID = parent?["from"]?["id"]?.idString
            ?? (item.parentCommentID != nil && item.parentCommentID == scope.commentID ? scope.commentAuthorID : nil)
        item.placeIsProvisional = item.parentCommentID == nil && !scope.listsParents
        (item.taggedPeople, item.taggedPages) = FacebookIDs.tags(in: node)
        if let attachment = node["attachment"]?["type"]?.stringValue { item.details["attachment"] = .string(attachment) }
        if let hidden = node["is_hidden"]?.boolValue { item.details["is_hidden"] = .bool(hidden) }
        if author == nil { item.details["author_unknown"] = .bool(true) }
        return item
    }
}
