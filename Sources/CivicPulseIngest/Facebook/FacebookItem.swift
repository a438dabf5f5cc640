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
    /// Whether the payload leaves it open where a comment sits: no parent, and nothing to say it
    /// has none. Its thread, parent and (from the org) addressee are then provisional
    /// (`EventAttribution`): a reading that names the parent corrects them.
    var placeIsProvisional = false
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
