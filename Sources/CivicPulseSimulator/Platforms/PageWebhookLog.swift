import Foundation

/// Writes a Page webhook receiver's log as JSON Lines, one delivery per line:
/// `feed` changes (the Page's posts as `status`, comments and the Page's replies as `comment`,
/// epoch-second `created_time`) and Messenger `messaging` events (epoch-millisecond
/// `timestamp`, `message.mid`, `message.text`).
final class PageWebhookLog {
    private let log: DeliveryLog

    init(files: OutputFiles) {
        log = DeliveryLog(files: files, folder: "facebook/webhooks", prefix: "page-webhook", category: "facebook webhook logs",
                          platform: "facebook", logName: "webhook delivery")
    }

    private func delivery(page: OrgAccount, time: Millis, timeInMillis: Bool, body: (inout JSONWriter) -> Void) -> [UInt8] {
        var w = JSONWriter(capacity: 512)
        w.beginObject()
        w.field("object", "page")
        w.key("entry")
        w.beginArray()
        w.beginObject()
        w.field("id", page.platformID)
        w.field("time", timeInMillis ? Int(time) : time.epochSeconds)
        body(&w)
        w.endObject()
        w.endArray()
        w.endObject()
        return w.bytes
    }

    private func change(_ w: inout JSONWriter, value: (inout JSONWriter) -> Void) {
        w.key("changes")
        w.beginArray()
        w.beginObject()
        w.field("field", "feed")
        w.key("value")
        w.beginObject()
        value(&w)
        w.endObject()
        w.endObject()
        w.endArray()
    }

    /// The Page published a post.
    func post(page: OrgAccount, post: UInt64, message: String, at time: Millis, random: inout SeededRandom) throws {
        let line = delivery(page: page, time: time, timeInMillis: false) { w in
            change(&w) { v in
                v.field("item", "status")
                v.field("verb", "add")
                v.key("from")
                v.beginObject()
                v.field("id", page.platformID)
                v.field("name", page.displayName)
                v.endObject()
                v.field("post_id", "\(page.platformID)_\(post)")
                v.field("published", 1)
                v.field("created_time", time.epochSeconds)
                v.field("message", message)
            }
        }
        try log.append(line, at: time, record: "webhook post", kind: "post", random: &random)
    }

    /// Someone commented on a post, or replied in a comment's thread (`parent` set).
    func comment(page: OrgAccount, post: UInt64, comment: UInt64, parent: UInt64?, from author: GraphAuthor,
                 message: String, at time: Millis, kind: String, random: inout SeededRandom) throws {
        let postID = "\(page.platformID)_\(post)"
        let line = delivery(page: page, time: time, timeInMillis: false) { w in
            change(&w) { v in
                v.field("item", "comment")
                v.field("verb", "add")
                v.field("comment_id", "\(post)_\(comment)")
                v.field("post_id", postID)
                v.field("parent_id", parent.map { "\(post)_\($0)" } ?? postID)
                v.key("from")
                v.beginObject()
                v.field("id", id: author.id)
                v.field("name", author.name)
                v.endObject()
                v.field("message", message)
                v.field("created_time", time.epochSeconds)
            }
        }
        try log.append(line, at: time, record: "webhook comment", kind: kind, random: &random)
    }

    /// A Messenger message between a resident (by page-scoped id) and the Page.
    func message(page: OrgAccount, resident: UInt64, fromPage: Bool, mid: String, text: String, at time: Millis, random: inout SeededRandom) throws {
        let line = delivery(page: page, time: time, timeInMillis: true) { w in
            w.key("messaging")
            w.beginArray()
            w.beginObject()
            w.key("sender")
            w.beginObject()
            if fromPage { w.field("id", page.platformID) } else { w.field("id", id: resident) }
            w.endObject()
            w.key("recipient")
            w.beginObject()
            if fromPage { w.field("id", id: resident) } else { w.field("id", page.platformID) }
            w.endObject()
            w.field("timestamp", Int(time))
            w.key("message")
            w.beginObject()
            if fromPage { w.field("is_echo", true) }
            w.field("mid", mid)
            w.field("text", text)
            w.endObject()
            w.endObject()
            w.endArray()
        }
        try log.append(line, at: time, record: "messenger message", kind: fromPage ? "reply" : "inbound_message", random: &random)
    }

    func finish() throws {
        try log.finish()
    }
}
