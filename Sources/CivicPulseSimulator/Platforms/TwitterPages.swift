import Foundation

/// A Twitter user as `includes.users` lists them.
struct TwitterUser {
    let id: UInt64
    let username: String
    let name: String
}

/// One tweet, in the terms of the v2 API.
struct Tweet {
    var id: UInt64
    var author: TwitterUser
    var text: String
    var conversationID: UInt64
    var createdAt: Millis
    /// Set on replies, and by Twitter on tweets that merely start with an @mention.
    var inReplyToUserID: UInt64?
    var repliedTo: UInt64?
    var retweeted: UInt64?
    /// The one @mention, and where it starts in the text (in characters).
    var mention: (user: TwitterUser, start: Int)?
    var likes = 0, retweets = 0, replies = 0, impressions = 0
    /// The event kind the reader should make of it, for the tally.
    var expectedKind: String
}

/// Writes tweets as Twitter API v2 search response pages: `data` newest first, `includes.users`,
/// `meta` with counts, newest and oldest ids and a `next_token` on every page but the last.
///
/// Duplicates are what overlapping pages look like: a tweet repeated at the end of the next page.
/// Malformed tweets carry a `created_at` that is not a timestamp.
final class TwitterPages {
    private struct Entry {
        let id: UInt64
        let createdAt: Millis
        let json: [UInt8]
        let users: [TwitterUser]
    }

    private let files: OutputFiles
    private let pageSize: Int
    private var page: [Entry] = []
    private var carried: [Entry] = []
    private var number = 0
    private var ids: PlatformIDs
    private var writer = JSONWriter()

    init(files: OutputFiles, pageSize: Int, seed: UInt64) {
        self.files = files
        self.pageSize = pageSize
        ids = PlatformIDs(seed: seed ^ 0x7477)
    }

    func append(_ tweet: Tweet, random: inout SeededRandom) throws {
        if page.count >= pageSize { try flush(hasNext: true) }
        let malformed = random.chance(files.summary.options.malformedRate)
        let entry = Entry(id: tweet.id, createdAt: tweet.createdAt, json: serialise(tweet, malformed: malformed),
                          users: [tweet.author] + (tweet.mention.map { [$0.user] } ?? []))
        page.append(entry)
        if malformed {
            files.malformed(RecordKey("twitter", "tweet", "created_at is not a timestamp"))
        } else {
            files.record(RecordKey("twitter", "tweet", tweet.expectedKind))
            if random.chance(files.summary.options.duplicateRate) { carried.append(entry) }
        }
    }

    func finish() throws {
        carried.removeAll()
        if !page.isEmpty { try flush(hasNext: false) }
    }

    private func flush(hasNext: Bool) throws {
        let entries = page.reversed()
        writer.reset()
        writer.beginObject()
        writer.key("data")
        writer.beginArray()
        for entry in entries { writer.raw(entry.json) }
        writer.endArray()
        writer.key("includes")
        writer.beginObject()
        writer.key("users")
        writer.beginArray()
        var listed = Set<UInt64>()
        for user in entries.flatMap(\.users) where listed.insert(user.id).inserted {
            writer.beginObject()
            writer.field("id", id: user.id)
            writer.field("name", user.name)
            writer.field("username", user.username)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        writer.key("meta")
        writer.beginObject()
        writer.field("result_count", page.count)
        writer.field("newest_id", id: page.map(\.id).max()!)
        writer.field("oldest_id", id: page.map(\.id).min()!)
        if hasNext { writer.field("next_token", ids.twitterToken()) }
        writer.endObject()
        writer.endObject()
        number += 1
        let newest = page.map(\.createdAt).max()!
        try files.write(writer.bytes, to: "twitter/search-\(String(format: "%06d", number)).json",
                        category: "twitter search pages", fetchedAt: newest + 5 * .minute)
        page.removeAll(keepingCapacity: true)
        if hasNext {
            for entry in carried {
                files.duplicate(RecordKey("twitter", "tweet", "repeated in the next page"))
                page.append(entry)
            }
        }
        carried.removeAll(keepingCapacity: true)
    }

    private func serialise(_ tweet: Tweet, malformed: Bool) -> [UInt8] {
        var w = JSONWriter(capacity: 512)
        w.beginObject()
        w.field("id", id: tweet.id)
        w.field("text", tweet.text)
        w.field("author_id", id: tweet.author.id)
        w.field("conversation_id", id: tweet.conversationID)
        if malformed {
            let local = TimestampFormat.iso.string(tweet.createdAt)
            let parts = local.split(whereSeparator: { "-T:Z".contains($0) })
            w.field("created_at", "\(parts[2])/\(parts[1])/\(parts[0]) \(parts[3]):\(parts[4])")
        } else {
            w.field("created_at", time: tweet.createdAt, .twitter)
        }
        if let user = tweet.inReplyToUserID { w.field("in_reply_to_user_id", id: user) }
        if tweet.repliedTo != nil || tweet.retweeted != nil {
            w.key("referenced_tweets")
            w.beginArray()
            w.beginObject()
            w.field("type", tweet.retweeted == nil ? "replied_to" : "retweeted")
            w.field("id", id: tweet.repliedTo ?? tweet.retweeted!)
            w.endObject()
            w.endArray()
        }
        if let mention = tweet.mention {
            w.key("entities")
            w.beginObject()
            w.key("mentions")
            w.beginArray()
            w.beginObject()
            w.field("start", mention.start)
            w.field("end", mention.start + 1 + mention.user.username.unicodeScalars.count)
            w.field("username", mention.user.username)
            w.field("id", id: mention.user.id)
            w.endObject()
            w.endArray()
            w.endObject()
        }
        w.key("public_metrics")
        w.beginObject()
        w.field("retweet_count", tweet.retweets)
        w.field("reply_count", tweet.replies)
        w.field("like_count", tweet.likes)
        w.field("quote_count", 0)
        w.field("bookmark_count", 0)
        w.field("impression_count", tweet.impressions)
        w.endObject()
        w.field("lang", "en")
        w.key("edit_history_tweet_ids")
        w.beginArray()
        w.string { $0.appendDecimal(tweet.id) }
        w.endArray()
        w.endObject()
        return w.bytes
    }
}
