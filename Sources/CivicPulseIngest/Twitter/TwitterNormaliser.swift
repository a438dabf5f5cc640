import CivicPulseCore
import Foundation

/// Twitter/X API v2: response pages (`data`, `includes`, `meta`, `errors`) and JSON Lines of tweets.
///
/// Classification is ``TwitterClassifier``'s, shared with the v1.1 reader. What is particular to v2:
/// - only a `referenced_tweets` `replied_to` entry makes a reply: `in_reply_to_user_id` alone is also
///   set on tweets that merely start with an @mention;
/// - tweets requested with default fields (`id`, `text`, `edit_history_tweet_ids`) are read, not
///   quarantined: the time comes from the snowflake id, the author is unknown, mentions are the
///   `@handles` in the text, and a text starting `RT @` is a retweet;
/// - tweet counts, users lookups and action acknowledgements (`deleted`, `hidden`, …) are
///   recognised and hold nothing to ingest.
struct TwitterNormaliser: PayloadFormat {
    static let source = IngestSource.twitter
    static let displayName = "Twitter API v2 response"
    static let platform = TwitterClassifier.platform

    let context: IngestContext

    init(context: IngestContext) {
        self.context = context
    }

    /// What a v2 document's `data` holds.
    enum Shape: Equatable {
        case tweets, directMessages, counts, users, acknowledgement, none
    }

    static func shape(of document: JSONValue) -> Shape {
        if let data = document["data"] {
            if (data.arrayValue ?? [data]).contains(where: TwitterDirectMessages.isEvent) { return .directMessages }
            // Any tweet makes a page of tweets: one odd element must not hide the rest.
            if (data.arrayValue ?? [data]).contains(where: { $0["text"] != nil || $0["edit_history_tweet_ids"] != nil }) { return .tweets }
            let sample = data.arrayValue?.first ?? data
            if sample["tweet_count"] != nil { return .counts }
            if sample["username"] != nil, sample["name"] != nil, sample["id"] != nil { return .users }
            if let fields = data.objectValue, !fields.isEmpty, fields.values.allSatisfy({ $0.boolValue != nil }) {
                return .acknowledgement
            }
            return .none
        }
        return document["meta"]?["total_tweet_count"] != nil ? .counts : .none
    }

    /// Whether `document` looks like a v2 page, a v2 error body or a v2 tweet object.
    static func recognises(_ document: JSONValue) -> Bool {
        if shape(of: document) != .none { return true }
        if document["data"] != nil { return false }
        if document["meta"]?["result_count"] != nil { return true } // an empty page has no `data`
        if document["errors"]?.arrayValue != nil { return true } // HTTP 200 carrying only errors
        if document["title"] != nil, document["detail"] != nil, document["status"] != nil { return true } // problem body
        if TwitterDirectMessages.isEvent(document) { return true }
        return document["text"] != nil && document["id"] != nil && document["author_id"] != nil
    }

    /// Normalises one v2 response page, or a single tweet or DM event saved on its own.
    func normalise(document page: JSONValue, into batch: inout NormalisedBatch) {
        read(page: page, at: "", into: &batch)
    }

    /// Reads a v2 response, each record's path behind `prefix` (`line 7 ` for a line of a file).
    private func read(page: JSONValue, at prefix: String, into batch: inout NormalisedBatch) {
        reportErrors(in: page, into: &batch)
        if page["data"] == nil, readAlone(page, into: &batch) { return }
        let shape = Self.shape(of: page)
        switch shape {
        case .counts: batch.recognisedAs = "Twitter API v2 tweet counts (nothing to ingest)"
        case .users: batch.recognisedAs = "Twitter API v2 users lookup (nothing to ingest)"
        case .acknowledgement: batch.recognisedAs = "Twitter API v2 action acknowledgement (nothing to ingest)"
        case .directMessages:
            let users = page.v2UserHandles
            for (position, event) in (page["data"]?.arrayValue ?? [page["data"]!]).enumerated() {
                TwitterDirectMessages(context: context, users: users).read(event, at: "\(prefix)data[\(position)]", index: nil, into: &batch)
            }
            batch.recognisedAs = "Twitter API v2 direct message events" + batch.ignoredSummary
            return
        case .tweets, .none:
            if page["data"] == nil, !batch.platformErrors.isEmpty { batch.recognisedAs = "Twitter API v2 error response" }
        }
        let users = page.v2UserHandles
        // `data` that is neither counts, users nor an acknowledgement is read as tweets, so what
        // is not one is quarantined rather than passed over.
        let data: [JSONValue] = [.tweets, .none].contains(shape) ? page["data"]?.arrayValue ?? (page["data"].map { [$0] } ?? []) : []
        if let notTweets = page["includes"]?["tweets"], notTweets.arrayValue == nil {
            batch.read(notTweets, at: "\(prefix)includes.tweets", id: nil) {
                throw FieldProblem(field: "includes.tweets", reason: "expected an array, got \(notTweets.jsonText.prefix(40))")
            }
        }
        let included = page["includes"]?["tweets"]?.arrayValue ?? []
        // Who wrote each tweet on the page: a reply's addressee when `in_reply_to_user_id` was not requested.
        let authors = Dictionary(
            (data + included).compactMap { tweet -> (String, String)? in
                guard let id = tweet["id"]?.idString, let author = tweet["author_id"]?.idString else { return nil }
                return (id, author)
            },
            uniquingKeysWith: { first, _ in first }
        )
        // Included tweets are full tweets too (often the resident's question a reply answers).
        // Tweets in `data` come first, so when a tweet is in both, the data copy is the one read.
        var seen = Set<String>()
        for (section, tweets) in [("data", data), ("includes.tweets", included)] {
            for (position, tweet) in tweets.enumerated() {
                if let id = tweet["id"]?.idString, !seen.insert(id).inserted { continue }
                normalise(tweet: tweet, on: TwitterPage(users: users, authors: authors), index: nil, path: "\(prefix)\(section)[\(position)]", into: &batch)
            }
        }
    }

    /// Normalises one line of a JSON Lines file: a tweet object or DM event, or a whole response
    /// (twarc2 writes a page per line; a filtered stream, `data` with one tweet and its
    /// `includes`), read as the same response saved alone would be.
    func normalise(line tweet: JSONValue, lineNumber: Int, into batch: inout NormalisedBatch) {
        if tweet["data"] != nil || (tweet["meta"] != nil && tweet["text"] == nil) {
            let file = batch.recognisedAs
            read(page: tweet, at: "line \(lineNumber) ", into: &batch)
            batch.recognisedAs = file
            return
        }
        if TwitterDirectMessages.isEvent(tweet) {
            TwitterDirectMessages(context: context, users: [:]).read(tweet, at: "line \(lineNumber)", index: nil, into: &batch)
            return
        }
        normalise(tweet: tweet, on: TwitterPage(), index: nil, path: "line \(lineNumber)", into: &batch)
    }

    /// Reads a document that is not a page: a tweet or DM event on its own is its one record,
    /// and a document with nothing of a v2 response (no `data`, `meta` or errors; an Account
    /// Activity delivery named as `twitter`, say) is quarantined whole. Both were read as an
    /// empty page: "read 0", and the file's contents gone without a trace. False for an empty
    /// page or an error response, read as pages.
    private func readAlone(_ document: JSONValue, into batch: inout NormalisedBatch) -> Bool {
        if TwitterDirectMessages.isEvent(document) {
            TwitterDirectMessages(context: context, users: [:]).read(document, at: "(document)", index: nil, into: &batch)
            batch.recognisedAs = "Twitter API v2 direct message event" + batch.ignoredSummary
        } else if document["text"] != nil, document["id"] != nil {
            normalise(tweet: document, on: TwitterPage(), index: nil, path: "(document)", into: &batch)
            batch.recognisedAs = "Twitter API v2 tweet"
        } else if document["meta"] == nil, batch.platformErrors.isEmpty {
            let members = document.objectValue.map { $0.keys.sorted().prefix(5).joined(separator: ", ") } ?? "not an object"
            batch.read(document, at: "(document)", id: nil) {
                throw FieldProblem(field: "(document)", reason: "not a Twitter API v2 response: no data, meta or errors (it has \(members))")
            }
            batch.recognisedAs = "not a Twitter API v2 response"
        } else {
            return false
        }
        return true
    }

    private func reportErrors(in page: JSONValue, into batch: inout NormalisedBatch) {
        let wholeResponse = page["data"] == nil
        if let errors = page["errors"]?.arrayValue {
            for error in errors {
                let title = error["title"]?.stringValue ?? page["title"]?.stringValue ?? "error"
                let detail = error["detail"]?.stringValue ?? error["message"]?.stringValue ?? ""
                batch.platformErrors.append(PlatformError(file: batch.file, message: "Twitter \(title): \(detail)", isWholeResponse: wholeResponse))
            }
        } else if let title = page["title"]?.stringValue, wholeResponse {
            let status = page["status"]?.idString.map { "HTTP \($0) " } ?? ""
            batch.platformErrors.append(PlatformError(file: batch.file, message: "Twitter \(status)\(title): \(page["detail"]?.stringValue ?? "")", isWholeResponse: true))
        }
    }

    private func normalise(tweet: JSONValue, on page: TwitterPage, index: Int?, path: String, into batch: inout NormalisedBatch) {
        batch.read(tweet, at: path, id: tweet["id"]?.idString, index: index) {
            [TwitterClassifier(context: context).event(for: try Self.tweet(from: tweet, on: page))]
        }
    }

    /// When a tweet or DM event was created: `created_at`, else the time in its snowflake id.
    static func creationTime(of object: JSONValue, id: String) throws -> Date {
        guard object["created_at"] == nil else { return try object.requiredTime("created_at") }
        guard let time = TwitterTweet.creationTime(fromID: id) else {
            throw FieldProblem(field: "created_at", reason: "missing, and the id is not a snowflake id to take the time from")
        }
        return try EventTime.check(time, field: "id", as: "the time in the snowflake id"[...])
    }

    /// Reads a v2 tweet object. `created_at` is preferred; without it the time comes from the id.
    static func tweet(from object: JSONValue, on page: TwitterPage) throws -> TwitterTweet {
        let users = page.users
        guard object.objectValue != nil else { throw FieldProblem(field: "(record)", reason: "expected a tweet object") }
        let id = try object.requiredID("id")
        // Every v2 tweet has a text, even with default fields; a user or other object has none.
        guard object["text"] != nil || object["edit_history_tweet_ids"] != nil else { throw FieldProblem.missing("text") }
        let createdAt = try creationTime(of: object, id: id)
        let fromID = object["created_at"] == nil
        let authorID = object["author_id"] == nil ? nil : try object.requiredID("author_id")
        var tweet = TwitterTweet(id: id, createdAt: createdAt, conversationID: object["conversation_id"]?.idString ?? id)
        tweet.createdAtFromID = fromID
        tweet.authorID = authorID
        tweet.authorHandle = authorID.flatMap { users[$0] }
        tweet.text = object["text"]?.stringValue

        let references = object["referenced_tweets"]?.arrayValue
        func reference(_ type: String) -> String? {
            references?.first { $0["type"]?.stringValue == type }?["id"]?.idString
        }
        tweet.repliedToID = reference("replied_to")
        tweet.retweetedID = reference("retweeted")
        tweet.quotedID = reference("quoted")
        // Without `referenced_tweets` (default fields), a retweet shows only as its text: `RT @user: …`.
        tweet.isRetweet = tweet.retweetedID != nil || (references == nil && tweet.text?.hasPrefix("RT @") == true)
        // A collector that did not request `in_reply_to_user_id` still names the replied-to tweet:
        // its author, when the page includes it, is whom the reply answers.
        tweet.inReplyToUserID = object["in_reply_to_user_id"]?.idString ?? tweet.repliedToID.flatMap { page.authors[$0] }
        tweet.inReplyToHandle = tweet.inReplyToUserID.flatMap { users[$0] }
        if let mentions = object["entities"]?["mentions"]?.arrayValue {
            tweet.mentions = mentions.map { .init(id: $0["id"]?.idString, handle: $0["username"]?.stringValue) }
        } else if object["entities"] == nil, let text = tweet.text {
            tweet.mentions = TwitterTweet.handles(in: text).map { .init(id: nil, handle: $0) }
        }
        if let metrics = object["public_metrics"]?.objectValue { tweet.details["public_metrics"] = .object(metrics) }
        if let lang = object["lang"]?.stringValue { tweet.details["lang"] = .string(lang) }
        return tweet
    }
}

extension JSONValue {
    /// A v2 response's `includes.users` handles, by user id.
    var v2UserHandles: [String: String] {
        Dictionary(
            (self["includes"]?["users"]?.arrayValue ?? []).compactMap { user -> (String, String)? in
                guard let id = user["id"]?.idString, let name = user["username"]?.stringValue else { return nil }
                return (id, name)
            },
            uniquingKeysWith: { first, _ in first }
        )
    }
}
