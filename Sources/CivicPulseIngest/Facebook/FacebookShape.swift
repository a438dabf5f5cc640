import CivicPulseCore
import Foundation

/// The kinds of Facebook document there are, told apart by their shape alone.
enum FacebookShape {
    /// `{"object":"page","entry":[…]}`
    case webhook
    /// `{"error":{"message","type","code",…}}`
    case error
    /// `{"data":[…],"paging":{…}}`: an edge, a search, or Insights.
    case list
    /// `{"<id>":{…},"<id>":{…}}`: the answer to `?ids=a,b`.
    case idsMap
    /// One post, comment or Page object.
    case object

    init?(_ document: JSONValue) {
        guard let fields = document.objectValue else { return nil }
        if document["object"]?.stringValue == "page", document["entry"]?.arrayValue != nil {
            self = .webhook
        } else if let error = document["error"], Self.isGraphError(error) {
            self = .error
        } else if let data = document["data"]?.arrayValue {
            // An empty last page has nothing to look at but its paging.
            guard data.first.map(Self.looksGraph) ?? (document["paging"]?.objectValue != nil) else { return nil }
            self = .list
        } else if Self.looksGraph(document) {
            self = .object
        } else if !fields.isEmpty, fields.allSatisfy({ key, value in
            FacebookIDs.isGraphID(key) && value["id"]?.idString == key
        }) {
            self = .idsMap
        } else {
            return nil
        }
    }

    /// Graph's error object has a `type` (`OAuthException`, …) or an `fbtrace_id`; YouTube's has
    /// `errors[]` and Google's `status`, which Graph's never do.
    static func isGraphError(_ error: JSONValue) -> Bool {
        guard error.objectValue != nil, error["errors"] == nil, error["status"] == nil else { return false }
        return error["type"]?.stringValue != nil || error["fbtrace_id"] != nil || error["error_subcode"] != nil
    }

    /// A Graph post, comment, Page, Insights row, Messenger thread or message: a Graph id with Graph's field names, or a
    /// facebook.com permalink. (YouTube resources have `kind`; tweets have `text`, not `message`.)
    static func looksGraph(_ node: JSONValue) -> Bool {
        guard node.objectValue != nil, node["kind"] == nil else { return false }
        if FacebookConversations.isThread(node) || FacebookConversations.isMessage(node) { return true }
        if node["name"] != nil, node["period"] != nil, node["values"]?.arrayValue != nil { return true }
        if FacebookPermalink(node["permalink_url"]?.stringValue) != nil { return true }
        guard let id = node["id"]?.idString, FacebookIDs.isGraphID(id) else { return false }
        let graphFields = ["created_time", "from", "message", "parent_id", "updated_time", "insights", "posts", "feed",
                           "comments", "reactions", "fan_count", "followers_count"]
        return graphFields.contains { node[$0] != nil }
    }

    /// A Graph error object as a platform error: `Facebook OAuthException #100 (subcode 33): … (fbtrace_id …)`.
    static func platformError(_ error: JSONValue, file: String, isWholeResponse: Bool) -> PlatformError {
        let type = error["type"]?.stringValue ?? "error"
        let code = error["code"]?.idString.map { " #\($0)" } ?? ""
        let subcode = error["error_subcode"]?.idString.map { " (subcode \($0))" } ?? ""
        let trace = error["fbtrace_id"]?.stringValue.map { " (fbtrace_id \($0))" } ?? ""
        let message = error["error_user_msg"]?.stringValue ?? error["message"]?.stringValue ?? ""
        return PlatformError(file: file, message: "Facebook \(type)\(code)\(subcode): \(message)\(trace)", isWholeResponse: isWholeResponse)
    }
}
