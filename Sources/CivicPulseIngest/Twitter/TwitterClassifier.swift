import CivicPulseCore
import Foundation

/// Turns a ``TwitterTweet`` into an event, classified from the org's point of view. Both Twitter
/// readers (API v2 and v1.1) call this, so the rules live in one place:
///
/// - an org account's tweet that answers someone else's tweet is a **reply** (addressed to the
///   user it answers, or to nobody known when the payload does not say whose tweet it answers);
///   one that answers an org tweet (a thread) or nothing is a **post**; a retweet is a **share**;
/// - a resident's tweet that replies to an org account's tweet, or @-mentions an org account, is an
///   **inbound message** to that account; a resident's retweet is a **share**;
/// - anything else a resident wrote is a **mention**;
/// - a tweet whose author the payload does not give (v2 default fields) is a resident's: we
///   cannot tell otherwise, and its actor hash is nil.
struct TwitterClassifier {
    static let platform = "twitter"

    let context: IngestContext

    func event(for tweet: TwitterTweet) -> EngagementEvent {
        let config = context.config
        func orgAccount(_ userID: String?, _ handle: String?) -> PipelineConfig.Account? {
            guard userID != nil || handle != nil else { return nil }
            return config.account(platform: Self.platform, userID: userID, handle: handle)
        }
        let author = orgAccount(tweet.authorID, tweet.authorHandle)
        // `replied_to` alone marks a reply; whom it answers may be unknown (see docs/sources/twitter.md).
        let repliedToAccount = tweet.repliedToID != nil ? orgAccount(tweet.inReplyToUserID, tweet.inReplyToHandle) : nil
        let mentionedAccount = tweet.mentions.lazy.compactMap { orgAccount($0.id, $0.handle) }.first

        let kind: EventKind
        let account: PipelineConfig.Account?
        if let author {
            account = author
            if tweet.isRetweet {
                kind = .share
            } else if tweet.repliedToID != nil, repliedToAccount == nil {
                kind = .reply
            } else {
                kind = .post
            }
        } else if tweet.isRetweet {
            kind = .share
            account = mentionedAccount
        } else if let target = repliedToAccount ?? mentionedAccount {
            kind = .inboundMessage
            account = target
        } else {
            kind = .mention
            account = nil
        }

        var details = tweet.details
        if let retweeted = tweet.retweetedID { details["retweeted_id"] = .string(retweeted) }
        if let quoted = tweet.quotedID { details["quoted_id"] = .string(quoted) }
        if tweet.authorID == nil { details["author_unknown"] = .bool(true) }
        if tweet.createdAtFromID { details["created_at_from_id"] = .bool(true) }

        let addressee = tweet.repliedToID == nil ? nil : tweet.inReplyToUserID
        return EngagementEvent(
            platform: Self.platform, sourceType: "tweet", sourceID: tweet.id, org: config.org, channel: "twitter",
            account: account?.id ?? "unknown",
            service: author.map(\.service) ?? context.service(for: account, text: tweet.text),
            kind: kind,
            conversationID: tweet.conversationID,
            parentID: tweet.repliedToID,
            actorHash: context.actorHash(platform: Self.platform, userID: tweet.authorID),
            actorIsOrg: author != nil,
            addresseeHash: context.actorHash(platform: Self.platform, userID: addressee),
            actorHandleHash: tweet.authorID == nil ? nil : context.handleHash(platform: Self.platform, handle: tweet.authorHandle),
            occurredAt: tweet.createdAt,
            text: tweet.text,
            url: "https://x.com/\(tweet.authorHandle ?? "i/web")/status/\(tweet.id)",
            details: details
        )
    }
}
