import CivicPulseCore
import Foundation

/// Twitter/X API v2: response pages (`data`, `includes`, `meta`, `errors`) and JSON Lines of tweets.
///
/// Classification, from the org's point of view:
/// - an org account's tweet that answers someone else's (`referenced_tweets` `replied_to`) is a **reply**;
///   one that answers itself (a thread) or nobody is a **post**; a retweet is a **share**;
/// - a resident's tweet that replies to an org account's tweet, or @-mentions an org account, is an
///   **inbound message**. `in_reply_to_user_id` alone does not make a reply: Twitter also sets it on
///   tweets that merely start with an @mention, so only `replied_to` marks one;
/// - anything else a resident wrote is a **mention**.
struct TwitterNormaliser: PayloadFormat {
    static let source = IngestSource.twitter
    static let displayName = "Twitter API v2 response"
    static let platform = "twitter"

    let context: IngestContext

    init(context: IngestContext) {
        self.context = context
    }

    /// Whether `document` looks like a v2 page, a v2 error body or a v2 tweet object.
    static func recognises(_ document: JSONValue) -> Bool {
        if let data = document["data"] {
            let sample = data.arrayValue?.first ?? data
            return sample["text"] != nil || sample["edit_history_tweet_ids"] != nil
        }
        if document["meta"]?["result_count"] != nil { return true } // an empty page has no `data`
        if document["errors"]?.arrayValue != nil { return true } // HTTP 200 carrying only errors
        if document["title"] != nil, document["detail"] != nil, document["status"] != nil { return true } // problem body
        return document["text"] != nil && document["id"] != nil && document["author_id"] != nil
    }

    /// Normalises one v2 response page.
    func normalise(document page: JSONValue, into batch: inout NormalisedBatch) {
        reportErrors(in: page, into: &batch)
        let users = Dictionary(
            (page["includes"]?["users"]?.arrayValue ?? []).compactMap { user -> (String, String)? in
                guard let id = user["id"]?.stringValue, let name = user["username"]?.stringValue else { return nil }
                return (id, name)
            },
            uniquingKeysWith: { first, _ in first }
        )
        let data: [JSONValue] = page["data"]?.arrayValue ?? (page["data"].map { [$0] } ?? [])
        let included = page["includes"]?["tweets"]?.arrayValue ?? []
        // Included tweets are full tweets too (often the resident's question a reply answers).
        // Tweets in `data` come first, so when a tweet is in both, the data copy is the one read.
        var seen = Set<String>()
        var index = 0
        for (section, tweets) in [("data", data), ("includes.tweets", included)] {
            for (position, tweet) in tweets.enumerated() {
                if let id = tweet["id"]?.idString, !seen.insert(id).inserted { continue }
                batch.recordsRead += 1
                normalise(tweet: tweet, users: users, index: index, path: "\(section)[\(position)]", into: &batch)
                index += 1
            }
        }
    }

    /// Normalises one tweet object from a JSON Lines file.
    func normalise(line tweet: JSONValue, lineNumber: Int, into batch: inout NormalisedBatch) {
        batch.recordsRead += 1
        normalise(tweet: tweet, users: [:], index: lineNumber - 1, path: "line \(lineNumber)", into: &batch)
    }

    private func reportErrors(in page: JSONValue, into batch: inout NormalisedBatch) {
        let wholeResponse = page["data"] == nil
        if let errors = page["errors"]?.arrayValue {
            for error in errors {
                let title = error["title"]?.stringValue ?? "error"
                let detail = error["detail"]?.stringValue ?? error["message"]?.stringValue ?? ""
                batch.platformErrors.append(PlatformError(file: batch.file, message: "Twitter \(title): \(detail)", isWholeResponse: wholeResponse))
            }
        } else if let title = page["title"]?.stringValue, wholeResponse {
            let status = page["status"]?.idString.map { "HTTP \($0) " } ?? ""
            batch.platformErrors.append(PlatformError(file: batch.file, message: "Twitter \(status)\(title): \(page["detail"]?.stringValue ?? "")", isWholeResponse: true))
        }
    }

    private func normalise(tweet: JSONValue, users: [String: String], index: Int, path: String, into batch: inout NormalisedBatch) {
        do {
            batch.events.append(try event(from: tweet, users: users))
        } catch let problem as FieldProblem {
            batch.reject(index, path, id: tweet["id"]?.idString, field: problem.field, problem.reason, record: tweet)
        } catch {
            batch.reject(index, path, id: tweet["id"]?.idString, field: "(record)", "\(error)", record: tweet)
        }
    }

    private func event(from tweet: JSONValue, users: [String: String]) throws -> EngagementEvent {
        guard tweet.objectValue != nil else { throw FieldProblem(field: "(record)", reason: "expected a tweet object") }
        let id = try tweet.requiredID("id")
        let authorID = try tweet.requiredID("author_id")
        let createdAt = try tweet.requiredTime("created_at")
        let text = tweet["text"]?.stringValue
        let config = context.config

        let references = tweet["referenced_tweets"]?.arrayValue ?? []
        func reference(_ type: String) -> String? {
            references.first { $0["type"]?.stringValue == type }?["id"]?.idString
        }
        let repliedTo = reference("replied_to")
        let retweeted = reference("retweeted")
        let inReplyToUser = tweet["in_reply_to_user_id"]?.idString
        let mentions = (tweet["entities"]?["mentions"]?.arrayValue ?? []).map {
            (id: $0["id"]?.idString, username: $0["username"]?.stringValue)
        }

        let author = config.account(platform: Self.platform, userID: authorID, handle: users[authorID])
        let repliedToAccount = repliedTo == nil ? nil : inReplyToUser.flatMap {
            config.account(platform: Self.platform, userID: $0, handle: users[$0])
        }
        let mentionedAccount = mentions.lazy.compactMap {
            config.account(platform: Self.platform, userID: $0.id, handle: $0.username)
        }.first

        let kind: EventKind
        let account: PipelineConfig.Account?
        if let author {
            account = author
            if retweeted != nil {
                kind = .share
            } else if repliedTo != nil, let inReplyToUser, config.account(platform: Self.platform, userID: inReplyToUser, handle: users[inReplyToUser]) == nil {
                kind = .reply
            } else {
                kind = .post
            }
        } else if retweeted != nil {
            kind = .share
            account = mentionedAccount
        } else if let target = repliedToAccount ?? mentionedAccount {
            kind = .inboundMessage
            account = target
        } else {
            kind = .mention
            account = nil
        }

        var details: [String: JSONValue] = [:]
        if let metrics = tweet["public_metrics"]?.objectValue { details["public_metrics"] = .object(metrics) }
        if let lang = tweet["lang"]?.stringValue { details["lang"] = .string(lang) }
        if let retweeted { details["retweeted_id"] = .string(retweeted) }
        if let quoted = reference("quoted") { details["quoted_id"] = .string(quoted) }

        let username = users[authorID]
        return EngagementEvent(
            platform: Self.platform, sourceType: "tweet", sourceID: id, org: config.org, channel: "twitter",
            account: account?.id ?? "unknown",
            service: author.map { $0.service } ?? context.service(for: account, text: text),
            kind: kind,
            conversationID: tweet["conversation_id"]?.idString ?? id,
            parentID: repliedTo,
            actorHash: context.actorHash(platform: Self.platform, userID: authorID),
            actorIsOrg: author != nil,
            addresseeHash: repliedTo == nil ? nil : context.actorHash(platform: Self.platform, userID: inReplyToUser),
            occurredAt: createdAt,
            text: text,
            url: "https://x.com/\(username ?? "i/web")/status/\(id)",
            details: details
        )
    }
}
