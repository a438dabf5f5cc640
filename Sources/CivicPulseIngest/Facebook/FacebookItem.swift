import CivicPulseCore
import Foundation

/// A Page post or comment as any Facebook payload describes it, before it is classified.
///
/// Graph API objects and Page webhook changes name the same things differently (`from` or
/// `sender_id`, `permalink_url` or `post_id`); both readers fill this in, so one classifier
/// decides what a message means for the org whichever way it arrived.
struct FacebookItem {
    /// The platform's object type, which is also the event's `sourceType`.
    enum Object: String {
        case post, comment
    }

    /// What happened to the object: webhooks also report edits, removals and moderation.
    enum Verb: String {
        case add, edited, remove, hide, unhide

        /// Webhook spellings: feed items say `edited`, reactions say `edit`.
        init?(webhook text: String) {
            if text == "edit" { self = .edited } else { self.init(rawValue: text) }
        }
    }

    /// A user or Page as the payload names it; the id is hashed before anything is stored.
    struct Person: Equatable {
        var id: String
        var name: String?
    }

    var object: Object
    var id: String
    var verb: Verb = .add
    /// For a comment: the post it is on (`<page>_<post>` when the page is known).
    var postID: String?
    /// For a reply: the comment it sits under. Facebook threads are one level deep, so this is the thread.
    var parentCommentID: String?
    /// The Page whose feed the object is on, by id or by vanity name (from a permalink).
    var pageID: String?
    var pageHandle: String?
    /// Who wrote it; nil only where the payload never says (a `mention` webhook, a removal).
    var author: Person?
    /// The author of the comment or post this one answers, when the payload names it (Graph `parent{from}`).
    var parentAuthorID: String?
    /// Users tagged in the text: a Page replying to someone in a thread tags them.
    var taggedPeople: [Person] = []
    /// Pages tagged in the text, or the Page a `mention` webhook says was mentioned.
    var taggedPages: [Person] = []
    var occurredAt: Date
    var text: String?
    var url: String?
    /// A shared link or re-shared post (`status_type: shared_story`, webhook `item: share`).
    var isShare = false
    /// For a post that shares or mentions another: that post (Graph `parent_id`).
    var sharedPostID: String?
    var details: [String: JSONValue] = [:]

    /// Whether the page whose content this is can be told at all.
    var pageIsKnown: Bool { pageID != nil || pageHandle != nil }
}

/// Reading the pieces of Graph ids and people that every Facebook payload shares.
enum FacebookIDs {
    /// Graph object ids: digits, or digit groups joined by `_` (`<page>_<post>`, `<post>_<comment>`).
    static func isGraphID(_ text: String) -> Bool {
        !text.isEmpty && text.split(separator: "_", omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber)
        }
    }

    /// `A` of `A_B`: the page of a post id, the post of a comment id.
    static func owner(of id: String) -> String? {
        guard let underscore = id.firstIndex(of: "_") else { return nil }
        return String(id[..<underscore])
    }

    /// `B` of `A_B`: the object's own number.
    static func local(_ id: String) -> String {
        id.lastIndex(of: "_").map { String(id[id.index(after: $0)...]) } ?? id
    }

    /// `from{id,name}`, or the older webhook `sender_id` (a number) with `sender_name`.
    static func person(from record: JSONValue) -> FacebookItem.Person? {
        if let from = record["from"], let id = from["id"]?.idString, !id.isEmpty {
            return .init(id: id, name: from["name"]?.stringValue)
        }
        if let id = record["sender_id"]?.idString, !id.isEmpty {
            return .init(id: id, name: record["sender_name"]?.stringValue)
        }
        return nil
    }

    /// `message_tags`, split into people and Pages (`type: user|page`; untyped tags count as people).
    static func tags(in record: JSONValue) -> (people: [FacebookItem.Person], pages: [FacebookItem.Person]) {
        var people: [FacebookItem.Person] = [], pages: [FacebookItem.Person] = []
        for tag in record["message_tags"]?.arrayValue ?? [] {
            guard let id = tag["id"]?.idString else { continue }
            let person = FacebookItem.Person(id: id, name: tag["name"]?.stringValue)
            if tag["type"]?.stringValue == "page" { pages.append(person) } else { people.append(person) }
        }
        return (people, pages)
    }

    /// Epoch seconds, or milliseconds as Messenger sends them (anything past the year 5000 in seconds).
    static func epochDate(_ value: JSONValue?) -> Date? {
        guard let value else { return nil }
        if let number = value.doubleValue, number > 100_000_000_000 {
            return Date(timeIntervalSince1970: number / 1000)
        }
        return PlatformTimestamp.parse(value)
    }

    /// A stable, short, non-reversible stand-in for a person inside ids: the first 16 bytes of their hash, in hex.
    static func hex(_ hash: Data) -> String {
        hash.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
