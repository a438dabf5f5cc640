import CivicPulseCore
import Foundation

/// Decides what a Facebook post or comment means for the org, and makes its event.
///
/// - The org's own post is a **post** (a **share** when it re-shares); a resident's post on an org
///   Page (a visitor post) is an **inbound message**, as is one that tags an org Page.
/// - A resident's comment on an org Page's content is a **comment**; the org's comment is a **reply**.
///   Under a visitor post, only its author's comments (and those tagging an org Page) are: another
///   resident's comment there answers that resident, and is a **mention** that awaits nothing.
/// - Conversations follow Facebook's threads: a top-level comment starts one (its own id) and the
///   replies under it join it (the parent comment's id), so answering one resident's comment never
///   closes another's on the same busy post. The org's top-level comment joins the post's conversation,
///   where it answers a visitor post.
/// - A reply's addressee is the person it tags, else the author of the comment or post it sits under
///   when that is a resident; else nil, which answers everyone waiting in that thread.
/// - Content on a Page that is known and not the org's is a **mention** (listening). When the payload
///   does not say which Page it is on, a resident's message is still counted as waiting, on account
///   `unknown`, so that it shows up rather than being silently treated as someone else's business.
struct FacebookClassifier {
    static let platform = "facebook"

    let context: IngestContext
    /// Author ids of the posts and comments in the same payload, by object id: a reply's addressee
    /// is often the author of a comment in the same page of results.
    let authors: [String: String]

    private var config: PipelineConfig { context.config }

    func orgAccount(_ person: FacebookItem.Person?) -> PipelineConfig.Account? {
        person.flatMap { config.account(platform: Self.platform, userID: $0.id, handle: $0.name) }
    }

    func pageAccount(_ item: FacebookItem) -> PipelineConfig.Account? {
        guard item.pageIsKnown else { return nil }
        return config.account(platform: Self.platform, userID: item.pageID, handle: item.pageHandle)
    }

    private func isOrg(_ userID: String) -> Bool {
        config.account(platform: Self.platform, userID: userID, handle: nil) != nil
    }

    func event(for item: FacebookItem) -> EngagementEvent {
        let authorAccount = orgAccount(item.author)
        let page = pageAccount(item)
        let tagged = item.taggedPages.lazy.compactMap { orgAccount($0) }.first

        let kind: EventKind
        let account: PipelineConfig.Account?
        var addressee: String?
        if let authorAccount {
            account = authorAccount
            switch item.object {
            case .post: kind = item.isShare ? .share : .post
            case .comment:
                kind = .reply
                addressee = addresseeID(of: item)
            }
        } else if item.isShare {
            kind = .share
            account = page ?? tagged
        } else if let page {
            account = page
            kind = item.object == .post ? .inboundMessage : isAmongResidents(item, tagged: tagged) ? .mention : .comment
        } else if let tagged {
            account = tagged
            kind = .inboundMessage
        } else if !item.pageIsKnown {
            account = nil
            kind = item.object == .comment ? .comment : .inboundMessage
        } else {
            account = nil
            kind = .mention
        }

        let conversation = conversationID(of: item, byOrg: authorAccount != nil)
        if item.verb != .add {
            return change(item, account: account, authorAccount: authorAccount, conversation: conversation)
        }
        var event = EngagementEvent(
            platform: Self.platform, sourceType: item.object.rawValue, sourceID: item.id, org: config.org,
            channel: Self.platform, account: account?.id ?? "unknown",
            service: authorAccount?.service ?? context.service(for: account, text: item.text),
            kind: kind, conversationID: conversation,
            parentID: item.object == .comment ? (item.parentCommentID ?? item.postID) : item.sharedPostID,
            actorHash: context.actorHash(platform: Self.platform, userID: item.author?.id),
            actorIsOrg: authorAccount != nil,
            addresseeHash: context.actorHash(platform: Self.platform, userID: addressee),
            occurredAt: item.occurredAt, text: item.text, url: item.url, details: item.details
        )
        if item.object == .comment, item.placeIsProvisional {
            event.attribution.provisional = kind == .reply ? [.conversation, .parent, .addressee] : [.conversation, .parent]
        }
        return event
    }

    /// Whether a resident's comment is on another resident's post on the Page (a visitor post)
    /// and not addressed to the org: residents talking among themselves, which awaits no answer.
    /// The post's author following up, or a comment tagging an org Page, still addresses the council.
    /// Known only when the post is in the same payload (its author is needed).
    private func isAmongResidents(_ item: FacebookItem, tagged: PipelineConfig.Account?) -> Bool {
        guard tagged == nil, let post = item.postID, let postAuthor = authors[post], !isOrg(postAuthor) else { return false }
        return item.author?.id != postAuthor
    }

    /// The thread a message belongs to, which is what response matching groups by.
    func conversationID(of item: FacebookItem, byOrg: Bool) -> String {
        switch item.object {
        case .post: item.id
        case .comment: item.parentCommentID ?? (byOrg ? item.postID ?? item.id : item.id)
        }
    }

    /// Whom an org comment answers: a tagged resident, else the resident who wrote what it is under.
    private func addresseeID(of item: FacebookItem) -> String? {
        if let person = item.taggedPeople.first(where: { !isOrg($0.id) }) { return person.id }
        let parent = item.parentCommentID ?? item.postID
        let author = item.parentAuthorID ?? parent.flatMap { authors[$0] }
        return author.flatMap { isOrg($0) ? nil : $0 }
    }

    /// An edit, removal, hide or unhide: a new event pointing at the object; the original stays.
    private func change(_ item: FacebookItem, account: PipelineConfig.Account?, authorAccount: PipelineConfig.Account?,
                        conversation: String) -> EngagementEvent {
        let kind: EventKind = switch item.verb {
        case .add, .edited: .edit
        case .remove: .delete
        case .hide: .hide
        case .unhide: .unhide
        }
        let at = Int(item.occurredAt.timeIntervalSince1970)
        var details = item.details
        details["verb"] = .string(item.verb.rawValue)
        return EngagementEvent(
            platform: Self.platform, sourceType: item.object.rawValue, sourceID: "\(item.id):\(item.verb.rawValue)@\(at)",
            org: config.org, channel: Self.platform, account: account?.id ?? "unknown",
            service: authorAccount?.service ?? context.service(for: account, text: item.text),
            kind: kind, conversationID: conversation, parentID: item.id,
            actorHash: context.actorHash(platform: Self.platform, userID: item.author?.id),
            actorIsOrg: authorAccount != nil, occurredAt: item.occurredAt,
            text: item.verb == .edited ? item.text : nil, url: item.url, details: details
        )
    }
}
