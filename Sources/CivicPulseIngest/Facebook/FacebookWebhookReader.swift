import CivicPulseCore
import Foundation

/// Page webhook deliveries (`{"object":"page","entry":[…]}`): `feed` and `mention` changes,
/// and Messenger `messaging` events.
///
/// Both webhook generations are read: `from{id,name}` (v2.11 on) and `sender_id` (a number)
/// with `sender_name` (v2.5). Edits, removals, hides and unhides become events of their own
/// that point at the object, dated by the entry's `time` (when the change happened); additions
/// are dated by `created_time`.
struct FacebookWebhookReader {
    let context: IngestContext

    private static let postItems: Set<String> = ["status", "post", "photo", "video", "share", "link", "note", "album", "event"]
    private static let commentItems: Set<String> = ["comment", "reply"]
    private static let reactionItems: Set<String> = ["reaction", "like"]

    /// Reads a delivery's entries. A record is a change of a field read here (`feed` with a post,
    /// comment or reaction item, `mention`) or a Messenger message or edit; other changes and
    /// Messenger events are counted as ignored. An entry, change or Messenger event that is not
    /// the object it should be is quarantined as a record of its own, never skipped.
    func read(_ delivery: JSONValue, records: inout FacebookRecords, into batch: inout NormalisedBatch) {
        for (entryIndex, entry) in (delivery["entry"]?.arrayValue ?? []).enumerated() {
            let entryPath = "entry[\(entryIndex)]"
            if let problem = Self.problem(withEntry: entry) {
                records.read(entry, at: entryPath, id: entry["id"]?.idString, into: &batch) { throw problem }
                continue
            }
            let pageID = entry["id"]?.idString
            let entryTime = entry["time"].flatMap { try? EventTime.read($0, field: "time", parse: FacebookIDs.epochDate) }
            for (changeIndex, change) in (entry["changes"]?.arrayValue ?? []).enumerated() {
                read(change: change, at: "\(entryPath).changes[\(changeIndex)]", pageID: pageID, entryTime: entryTime,
                     records: &records, into: &batch)
            }
            let messenger = FacebookMessenger(context: context)
            for (index, event) in (entry["messaging"]?.arrayValue ?? []).enumerated() {
                messenger.read(event, at: "\(entryPath).messaging[\(index)]", pageID: pageID, records: &records, into: &batch)
            }
        }
    }

    private func read(change: JSONValue, at path: String, pageID: String?, entryTime: Date?, records: inout FacebookRecords,
                      into batch: inout NormalisedBatch) {
        let value = change["value"] ?? .null
        let item = value["item"]?.stringValue ?? ""
        let id = value["comment_id"]?.idString ?? value["post_id"]?.idString
        let field = change["field"]?.stringValue ?? ""
        if let problem = Self.problem(withChange: change, field: field, value: value, item: item) {
            records.read(change, at: path, id: id, into: &batch) { throw problem }
            return
        }
        switch field {
        case "feed" where Self.reactionItems.contains(item):
            records.read(change, at: path, id: id, into: &batch) {
                FacebookOutcome(events: [try FacebookReactions(context: context).event(value, pageID: pageID, entryTime: entryTime)])
            }
        case "feed" where Self.postItems.contains(item) || Self.commentItems.contains(item):
            records.read(change, at: path, id: id, into: &batch) {
                FacebookOutcome(items: [try feedItem(value, pageID: pageID, entryTime: entryTime)])
            }
        case "feed":
            records.ignore("feed \(item) changes")
        case "mention":
            records.read(change, at: path, id: id, into: &batch) {
                FacebookOutcome(items: [try mention(value, pageID: pageID, entryTime: entryTime)])
            }
        default:
            records.ignore("\(field) changes")
        }
    }

    /// What is wrong with a change before its field is read: not an object, no field name, or a
    /// `feed` or `mention` change without a value object (or a feed value without its `item`).
    private static func problem(withChange change: JSONValue, field: String, value: JSONValue, item: String) -> FieldProblem? {
        guard change.objectValue != nil else {
            return FieldProblem(field: "(record)", reason: "expected a change object, got \(change.jsonText.prefix(40))")
        }
        guard !field.isEmpty else { return FieldProblem(field: "field", reason: "missing: the change names no field") }
        guard field == "feed" || field == "mention" else { return nil }
        guard value.objectValue != nil else { return FieldProblem(field: "value", reason: "expected an object, got \(value.jsonText.prefix(40))") }
        return field == "feed" && item.isEmpty ? FieldProblem(field: "value.item", reason: "missing: the change names no item") : nil
    }

    /// What is wrong with an entry as a whole: not an object, or its `changes` or `messaging` not a list.
    private static func problem(withEntry entry: JSONValue) -> FieldProblem? {
        guard entry.objectValue != nil else {
            return FieldProblem(field: "(record)", reason: "expected an entry object, got \(entry.jsonText.prefix(40))")
        }
        for key in ["changes", "messaging"] {
            if let list = entry[key], list.arrayValue == nil {
                return FieldProblem(field: key, reason: "expected an array, got \(list.jsonText.prefix(40))")
            }
        }
        guard entry["changes"] != nil || entry["messaging"] != nil else {
            return FieldProblem(field: "changes", reason: "missing: the entry has neither changes nor messaging")
        }
        return nil
    }

    /// A post or comment on the Page's own feed, added or changed.
    private func feedItem(_ value: JSONValue, pageID: String?, entryTime: Date?) throws -> FacebookItem {
        let itemName = try value.requiredString("item")
        var item = try base(value, object: Self.commentItems.contains(itemName) ? .comment : .post, entryTime: entryTime)
        item.pageID = pageID
        if item.verb == .add, item.author == nil {
            throw FieldProblem(field: "from", reason: "missing: neither from nor sender_id says who wrote it")
        }
        item.isShare = itemName == "share"
        item.details["item"] = .string(itemName)
        return item
    }

    /// The Page was @-mentioned in a post or comment, often on someone else's Page, usually with no author given.
    private func mention(_ value: JSONValue, pageID: String?, entryTime: Date?) throws -> FacebookItem {
        let object: FacebookItem.Object = value["item"]?.stringValue == "comment" ? .comment : .post
        var item = try base(value, object: object, entryTime: entryTime)
        item.pageID = item.postID.flatMap(FacebookIDs.owner(of:)) ?? (object == .post ? FacebookIDs.owner(of: item.id) : nil)
        if let pageID { item.taggedPages.append(.init(id: pageID)) }
        item.details["field"] = .string("mention")
        return item
    }

    /// What feed and mention changes share: ids, verb, author, time, text.
    private func base(_ value: JSONValue, object: FacebookItem.Object, entryTime: Date?) throws -> FacebookItem {
        let verbText = try value.requiredString("verb")
        guard let verb = FacebookItem.Verb(webhook: verbText) else {
            throw FieldProblem(field: "verb", reason: "unknown verb '\(verbText)'")
        }
        let id = try value.requiredID(object == .comment ? "comment_id" : "post_id")
        let postID = value["post_id"]?.idString
        var created: Date?
        if let raw = value["created_time"] {
            created = try EventTime.read(raw, field: "created_time", parse: FacebookIDs.epochDate)
        }
        guard let at = verb == .add ? created ?? entryTime : entryTime ?? created else {
            throw FieldProblem.missing("created_time")
        }
        let url = object == .comment && postID != nil
            ? "https://www.facebook.com/\(postID!)?comment_id=\(FacebookIDs.local(id))"
            : "https://www.facebook.com/\(id)"
        var item = FacebookItem(object: object, id: id, verb: verb, postID: object == .comment ? postID : nil,
                                author: FacebookIDs.person(from: value), occurredAt: at, text: value["message"]?.stringValue, url: url)
        if object == .comment, let parent = value["parent_id"]?.idString, parent != postID {
            item.parentCommentID = parent
        }
        (item.taggedPeople, item.taggedPages) = FacebookIDs.tags(in: value)
        for attachment in ["photo", "video", "link"] where value[attachment] != nil {
            item.details["attachment"] = .string(attachment)
        }
        if let published = value["published"]?.doubleValue { item.details["published"] = .bool(published != 0) }
        if let hidden = value["is_hidden"]?.boolValue { item.details["is_hidden"] = .bool(hidden) }
        return item
    }
}
