import CivicPulseCore
import Foundation

/// What a facebook.com permalink says about the object it points at.
///
/// Graph often leaves out what a comment is on: `permalink_url` still says it, as
/// `/<page>/posts/<post>/?comment_id=<comment>&reply_comment_id=<reply>`, where `<page>` is the
/// Page's number or vanity name. A reply's permalink names the thread's top comment as `comment_id`.
struct FacebookPermalink {
    var pageID: String?
    var pageHandle: String?
    /// The post's own number (the part after `_` in a Graph post id).
    var postNumber: String?
    /// The top-level comment the link points at, or under which the reply sits.
    var commentNumber: String?
    /// The reply the link points at, when it points at a reply.
    var replyNumber: String?

    /// First path segments that are site sections, not Pages.
    private static let sections: Set<String> = ["watch", "groups", "events", "photo", "reel", "share", "story", "permalink", "media"]

    init?(_ text: String?) {
        guard let text, let url = URLComponents(string: text), let host = url.host,
              host == "facebook.com" || host.hasSuffix(".facebook.com") else { return nil }
        var query: [String: String] = [:]
        for item in url.queryItems ?? [] where query[item.name] == nil {
            query[item.name] = item.value
        }
        let segments = url.path.split(separator: "/").map(String.init)
        commentNumber = query["comment_id"]
        replyNumber = query["reply_comment_id"]
        if let first = segments.first, !first.contains("."), !Self.sections.contains(first.lowercased()) {
            if first.allSatisfy(\.isNumber) { pageID = first } else { pageHandle = first }
        } else {
            pageID = query["id"]
        }
        if let section = segments.firstIndex(where: { ["posts", "videos", "photos"].contains($0) }) {
            postNumber = segments[(section + 1)...].last { $0.allSatisfy(\.isNumber) }
        } else {
            postNumber = query["story_fbid"] ?? query["fbid"]
        }
    }

    /// The Graph id (`<post>_<comment>`) of the comment or reply the link points at.
    var commentID: String? {
        guard let postNumber, let number = replyNumber ?? commentNumber else { return nil }
        return "\(postNumber)_\(number)"
    }

    /// For a reply's link: the Graph id of the comment it sits under.
    var parentCommentID: String? {
        guard let postNumber, replyNumber != nil, let commentNumber else { return nil }
        return "\(postNumber)_\(commentNumber)"
    }
}

/// The connection a Graph list page came from, read from its `paging.next`/`previous` URL
/// (`…/v19.0/<object>/<edge>?…`): what the items are, and what they hang from.
struct GraphEdge {
    /// The node the edge belongs to: a Page id for `posts`, a post id for `comments`.
    var objectID: String
    /// `comments`, `posts`, `feed`, `insights`, …
    var name: String

    static let postEdges: Set<String> = ["posts", "feed", "published_posts", "visitor_posts", "tagged", "scheduled_posts", "promotable_posts"]

    init?(paging: JSONValue?) {
        for key in ["next", "previous"] {
            guard let text = paging?[key]?.stringValue, let url = URLComponents(string: text) else { continue }
            let segments = url.path.split(separator: "/").map(String.init).filter { !Self.isVersion($0) }
            guard segments.count >= 2 else { continue }
            objectID = segments[segments.count - 2]
            name = segments[segments.count - 1]
            return
        }
        return nil
    }

    init(objectID: String, name: String) {
        self.objectID = objectID
        self.name = name
    }

    private static func isVersion(_ segment: String) -> Bool {
        segment.first == "v" && segment.dropFirst().allSatisfy { $0.isNumber || $0 == "." } && segment.count > 1
    }
}

