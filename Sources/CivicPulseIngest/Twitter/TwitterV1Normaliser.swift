import CivicPulseCore
import Foundation

/// Twitter API v1.1: statuses arrays (mentions_timeline, user_timeline, statuses/lookup),
/// search/tweets pages (`statuses` + `search_metadata`), premium and enterprise search pages
/// (`results`, with `next` for the page after), single statuses (statuses/show, and the
/// echo statuses/destroy sends back, which cannot be told apart from it, so it is read as the
/// status it was), JSON Lines of statuses, and the legacy error bodies.
///
/// Classification is ``TwitterClassifier``'s, shared with the v2 reader. Ids are read from their
/// `_str` fields only: numeric v1.1 ids exceed 2^53 and lose digits as JSON numbers. Embedded
/// `retweeted_status` and `quoted_status` objects are full statuses and are read too, once each.
///
/// v1.1 has no conversation id, and `in_reply_to_status_id_str` names only the parent. The
/// conversation is the root of the reply chain when the whole chain is in the same payload;
/// otherwise it is the oldest ancestor the payload names (the replied-to id of the furthest
/// status it holds). That is the file's estimate: the parent and the estimated root are links up
/// the reply tree, from which the processor joins the pieces of a thread that other files
/// brought (`ConversationLinks`, docs/sources/twitter.md).
struct TwitterV1Normaliser: PayloadFormat {
    static let source = IngestSource.twitterV1
    static let displayName = "Twitter API v1.1 response"

    let context: IngestContext

    init(context: IngestContext) {
        self.context = context
    }

    static func recognises(_ document: JSONValue) -> Bool {
        if let statuses = document.arrayValue { return statuses.first.map(isStatus) ?? true }
        if document["statuses"]?.arrayValue != nil, document["search_metadata"] != nil { return true }
        if let results = document["results"]?.arrayValue, results.first.map(isStatus) ?? (document["requestParameters"] != nil) { return true }
        return isStatus(document) || TwitterV1Errors.isErrorBody(document)
    }

    static func isStatus(_ value: JSONValue) -> Bool {
        value["id_str"] != nil && value["created_at"] != nil && value["user"] != nil
    }

    func normalise(document: JSONValue, into batch: inout NormalisedBatch) {
        if TwitterV1Errors.report(document, into: &batch) {
            batch.recognisedAs = "Twitter API v1.1 error response"
            return
        }
        if let statuses = document.arrayValue {
            batch.recognisedAs = "Twitter API v1.1 statuses (\(statuses.count))"
            read(statuses.enumerated().map { ("[\($0.offset)]", $0.element) }, into: &batch)
        } else if let statuses = document["statuses"]?.arrayValue {
            let more = document["search_metadata"]?["next_results"] != nil ? ", more pages follow" : ""
            batch.recognisedAs = "Twitter API v1.1 search/tweets page (\(statuses.count) statuses\(more))"
            read(statuses.enumerated().map { ("statuses[\($0.offset)]", $0.element) }, into: &batch)
        } else if let statuses = document["results"]?.arrayValue {
            let more = document["next"] != nil ? ", more pages follow" : ""
            batch.recognisedAs = "Twitter premium/enterprise search page (\(statuses.count) statuses\(more))"
            read(statuses.enumerated().map { ("results[\($0.offset)]", $0.element) }, into: &batch)
        } else {
            batch.recognisedAs = "Twitter API v1.1 status"
            read([("status", document)], into: &batch)
        }
    }

    func normalise(line record: JSONValue, lineNumber: Int, into batch: inout NormalisedBatch) {
        if TwitterV1Errors.report(record, into: &batch) { return }
        read([("line \(lineNumber)", record)], into: &batch)
    }

    /// Reads statuses and the statuses embedded in them, each id once, the outer ones first.
    /// Account Activity deliveries' `tweet_create_events` are read here too, so a tweet is the
    /// same event whether it was fetched, saved or delivered.
    func read(_ statuses: [(path: String, status: JSONValue)], into batch: inout NormalisedBatch) {
        var records: [(path: String, status: JSONValue)] = []
        var seen = Set<String>()
        func collect(_ path: String, _ status: JSONValue) {
            if let id = status["id_str"]?.stringValue, !seen.insert(id).inserted { return }
            records.append((path, status))
            for key in ["retweeted_status", "quoted_status"] {
                if let inner = status[key], inner.objectValue != nil { collect("\(path).\(key)", inner) }
            }
        }
        for (path, status) in statuses { collect(path, status) }

        // Every status the payload holds, with the status it replies to (nil for none).
        var parents: [String: String?] = [:]
        for (_, status) in records {
            if let id = status["id_str"]?.stringValue { parents[id] = Self.nonEmpty(status["in_reply_to_status_id_str"]) }
        }
        func conversation(of id: String) -> String {
            var current = id
            var visited: Set = [id]
            while let entry = parents[current], let parent = entry {
                guard parents[parent] != nil, visited.insert(parent).inserted else { return parent }
                current = parent
            }
            return current
        }

        let classifier = TwitterClassifier(context: context)
        for (path, status) in records {
            batch.read(status, at: path, id: status["id_str"]?.stringValue) {
                [classifier.event(for: try Self.tweet(from: status, conversation: conversation))]
            }
        }
    }

    static func tweet(from status: JSONValue, conversation: (String) -> String) throws -> TwitterTweet {
        guard status.objectValue != nil else { throw FieldProblem(field: "(record)", reason: "expected a status object") }
        guard status["id_str"] != nil else {
            throw FieldProblem(field: "id_str", reason: "missing (v1.1 ids are read from id_str: numeric ids above 2^53 lose digits)")
        }
        let id = try status.requiredID("id_str")
        guard let user = status["user"], user.objectValue != nil else { throw FieldProblem.missing("user") }
        guard let authorID = nonEmpty(user["id_str"]) else { throw FieldProblem(field: "user.id_str", reason: "missing") }
        let repliedTo = nonEmpty(status["in_reply_to_status_id_str"])

        var tweet = TwitterTweet(id: id, createdAt: try status.requiredTime("created_at"), conversationID: repliedTo == nil ? id : conversation(id))
        tweet.authorID = authorID
        tweet.authorHandle = user["screen_name"]?.stringValue
        tweet.text = status["full_text"]?.stringValue ?? status["extended_tweet"]?["full_text"]?.stringValue ?? status["text"]?.stringValue
        tweet.repliedToID = repliedTo
        tweet.inReplyToUserID = nonEmpty(status["in_reply_to_user_id_str"])
        tweet.inReplyToHandle = status["in_reply_to_screen_name"]?.stringValue
        tweet.retweetedID = nonEmpty(status["retweeted_status"]?["id_str"])
        tweet.isRetweet = tweet.retweetedID != nil
        tweet.quotedID = nonEmpty(status["quoted_status_id_str"]) ?? nonEmpty(status["quoted_status"]?["id_str"])
        tweet.mentions = (status["entities"]?["user_mentions"]?.arrayValue ?? []).map {
            .init(id: nonEmpty($0["id_str"]), handle: $0["screen_name"]?.stringValue)
        }
        var metrics: [String: JSONValue] = [:]
        for (from, to) in [("retweet_count", "retweet_count"), ("favorite_count", "like_count"), ("reply_count", "reply_count"), ("quote_count", "quote_count")] {
            if let count = status[from], case .number = count { metrics[to] = count }
        }
        if !metrics.isEmpty { tweet.details["public_metrics"] = .object(metrics) }
        if let lang = status["lang"]?.stringValue { tweet.details["lang"] = .string(lang) }
        return tweet
    }

    static func nonEmpty(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue, !text.isEmpty else { return nil }
        return text
    }
}
