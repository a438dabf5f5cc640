import CivicPulseCore
import Foundation

/// Where a comment sits: its thread, and the channel and video the thread is on.
struct YouTubeThreadContext {
    /// The thread id, which is also the top-level comment's id.
    var threadID: String?
    /// The channel whose video (or channel page) the thread is on, when the payload says.
    var channelID: String?
    var videoID: String?
    /// The channel id of whoever started the thread, when the payload holds its top-level comment.
    var starterChannelID: String?
}

/// YouTube comments, classified from the org's point of view (docs/sources/youtube.md). Org
/// accounts are `platform: youtube` with `id: <channel id>`, matched on `authorChannelId.value`.
///
/// - The org's top-level comment is a **post**; its comment in someone's thread is a **reply**,
///   addressed to the thread's starter when the payload holds the top-level comment (and the starter
///   is not the org), else to nobody in particular, which answers everyone waiting in the thread.
/// - A resident's comment (top-level or in a thread) is a **comment**, awaiting a response, when the
///   thread is on an org channel or was started by the org; a **mention** when the payload names a
///   channel that is not the org's; and a **comment** on an `unknown` account when the payload does
///   not say whose video it is (older by-video and comments.list responses have no `channelId`):
///   such comments are what an org fetches about its own videos, and they show up as unassigned.
/// - The conversation is the thread; the text is `textOriginal` (the HTML `textDisplay`, reduced to
///   text, only when `textOriginal` is withheld).
/// - `updatedAt` later than `publishedAt` adds an **edit** event (parent = the comment) dated by
///   `updatedAt`, carrying the text as edited; the comment's own event keeps `publishedAt`.
struct YouTubeComments {
    static let platform = YouTubeNormaliser.platform

    let context: IngestContext

    /// A commentThread: its top-level comment and the replies embedded with it, each a record.
    func read(thread: JSONValue, path: String, into batch: inout NormalisedBatch) {
        guard let threadID = thread["id"]?.idString, let snippet = thread["snippet"],
              let top = snippet["topLevelComment"], top.objectValue != nil else {
            YouTubeNormaliser.record(thread, path: path, into: &batch) {
                if thread["id"]?.idString == nil { throw FieldProblem.missing("id") }
                throw FieldProblem.missing(thread["snippet"] == nil ? "snippet" : "snippet.topLevelComment")
            }
            return
        }
        let placement = YouTubeThreadContext(
            threadID: threadID,
            channelID: snippet["channelId"]?.stringValue ?? top["snippet"]?["channelId"]?.stringValue,
            videoID: snippet["videoId"]?.stringValue ?? top["snippet"]?["videoId"]?.stringValue,
            starterChannelID: Self.authorChannelID(of: top)
        )
        var extra: [String: JSONValue] = [:]
        if let replies = snippet["totalReplyCount"], case .number = replies { extra["total_reply_count"] = replies }
        YouTubeNormaliser.record(top, path: "\(path).snippet.topLevelComment", into: &batch) {
            try events(for: top, isTopLevel: true, in: placement, details: extra)
        }
        if let replies = thread["replies"], replies["comments"]?.arrayValue == nil {
            YouTubeNormaliser.record(replies, path: "\(path).replies", into: &batch) {
                throw FieldProblem(field: "replies.comments", reason: "expected an array of comments")
            }
        }
        for (position, reply) in (thread["replies"]?["comments"]?.arrayValue ?? []).enumerated() {
            YouTubeNormaliser.record(reply, path: "\(path).replies.comments[\(position)]", into: &batch) {
                try events(for: reply, isTopLevel: false, in: placement)
            }
        }
    }

    /// A comment on its own (comments.list item, comments.insert response): the thread is its parent.
    func read(comment: JSONValue, path: String, into batch: inout NormalisedBatch) {
        let snippet = comment["snippet"]
        let id = comment["id"]?.idString
        let parent = snippet?["parentId"]?.stringValue ?? id.flatMap { $0.contains(".") ? String($0.prefix { $0 != "." }) : nil }
        let placement = YouTubeThreadContext(
            threadID: parent ?? id, channelID: snippet?["channelId"]?.stringValue,
            videoID: snippet?["videoId"]?.stringValue, starterChannelID: nil
        )
        YouTubeNormaliser.record(comment, path: path, into: &batch) {
            try events(for: comment, isTopLevel: parent == nil, in: placement)
        }
    }

    static func authorChannelID(of comment: JSONValue) -> String? {
        let author = comment["snippet"]?["authorChannelId"]
        return author?["value"]?.stringValue ?? author?.stringValue
    }

    func events(for comment: JSONValue, isTopLevel: Bool, in thread: YouTubeThreadContext, details extra: [String: JSONValue] = [:]) throws -> [EngagementEvent] {
        guard comment.objectValue != nil else { throw FieldProblem(field: "(record)", reason: "expected a comment object") }
        let id = try comment.requiredID("id")
        guard let snippet = comment["snippet"], snippet.objectValue != nil else { throw FieldProblem.missing("snippet") }
        let published = try Self.time(snippet, "publishedAt", required: true)!
        let updated = try Self.time(snippet, "updatedAt", required: false)
        let text = snippet["textOriginal"]?.stringValue ?? snippet["textDisplay"]?.stringValue.map(YouTubeText.plain)

        let config = context.config
        func orgAccount(_ channelID: String?) -> PipelineConfig.Account? {
            channelID.flatMap { config.account(platform: Self.platform, userID: $0, handle: nil) }
        }
        let author = Self.authorChannelID(of: comment)
        let authorAccount = orgAccount(author)
        let starterAccount = orgAccount(thread.starterChannelID)
        let kind: EventKind
        let account: PipelineConfig.Account?
        var addressee: String?
        if let authorAccount {
            account = authorAccount
            kind = isTopLevel ? .post : .reply
            if !isTopLevel, starterAccount == nil { addressee = thread.starterChannelID }
        } else if let orgContent = orgAccount(thread.channelID) ?? starterAccount {
            (kind, account) = (.comment, orgContent)
        } else if thread.channelID != nil {
            (kind, account) = (.mention, nil)
        } else {
            (kind, account) = (.comment, nil)
        }

        let conversation = thread.threadID ?? id
        let videoID = snippet["videoId"]?.stringValue ?? thread.videoID
        var details = extra
        if let videoID { details["video_id"] = .string(videoID) }
        if let likes = snippet["likeCount"], case .number = likes { details["like_count"] = likes }
        if let status = snippet["moderationStatus"]?.stringValue { details["moderation_status"] = .string(status) }
        let base = EngagementEvent(
            platform: Self.platform, sourceType: "comment", sourceID: id, org: config.org, channel: "youtube",
            account: account?.id ?? "unknown",
            service: authorAccount?.service ?? context.service(for: account, text: text),
            kind: kind, conversationID: conversation,
            parentID: isTopLevel ? nil : snippet["parentId"]?.stringValue ?? conversation,
            actorHash: context.actorHash(platform: Self.platform, userID: author), actorIsOrg: authorAccount != nil,
            addresseeHash: context.actorHash(platform: Self.platform, userID: addressee),
            occurredAt: published, text: text,
            url: videoID.map { "https://www.youtube.com/watch?v=\($0)&lc=\(id)" }, details: details
        )
        guard let updated, updated.timeIntervalSince(published) >= 1 else { return [base] }
        var edit = EngagementEvent(
            platform: Self.platform, sourceType: "comment", sourceID: "\(id)@edited:\(YouTubeText.isoSeconds(updated))",
            org: base.org, channel: base.channel, account: base.account, service: base.service, kind: .edit,
            conversationID: conversation, parentID: id, actorHash: base.actorHash, actorIsOrg: base.actorIsOrg,
            occurredAt: updated, text: text, url: base.url
        )
        edit.details["published_at"] = .string(YouTubeText.isoSeconds(published))
        return [base, edit]
    }

    /// A timestamp field of a comment's snippet; a present but unreadable one is a field problem.
    private static func time(_ snippet: JSONValue, _ key: String, required: Bool) throws -> Date? {
        guard let value = snippet[key] else {
            if required { throw FieldProblem.missing("snippet.\(key)") }
            return nil
        }
        return try EventTime.read(value, field: "snippet.\(key)")
    }
}
