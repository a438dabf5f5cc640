import Foundation

/// A YouTube channel as a comment's author.
struct YouTubeAuthor {
    let channelID: String
    let displayName: String
}

/// Writes YouTube Data API v3 `commentThreads.list` pages (`allThreadsRelatedToChannelId`):
/// each thread with its top-level comment and `replies.comments[]` (the channel owner's
/// answers among them), `nextPageToken` on every page but the last.
///
/// A thread is written once its conversation is over, so it carries all its replies, as a
/// fetch after the fact would show it. Duplicates: a thread repeated at the start of the
/// next page.
final class CommentThreadPages {
    private final class Thread {
        let id: String
        let videoID: String
        let top: [UInt8]
        let at: Millis
        var replies: [[UInt8]] = []

        init(id: String, videoID: String, top: [UInt8], at: Millis) {
            self.id = id
            self.videoID = videoID
            self.top = top
            self.at = at
        }
    }

    private let files: OutputFiles
    private let channel: OrgAccount
    private let pageSize: Int
    private var threads: [String: Thread] = [:]
    private var page: [(json: [UInt8], at: Millis)] = []
    private var carried: [(json: [UInt8], at: Millis)] = []
    private var number = 0
    private var ids: PlatformIDs

    init(files: OutputFiles, channel: OrgAccount, pageSize: Int, seed: UInt64) {
        self.files = files
        self.channel = channel
        self.pageSize = pageSize
        ids = PlatformIDs(seed: seed ^ 0x7974)
    }

    private func comment(id: String, videoID: String, parent: String?, author: YouTubeAuthor, text: String, at time: Millis) -> [UInt8] {
        var w = JSONWriter(capacity: 700)
        w.beginObject()
        w.field("kind", "youtube#comment")
        w.field("etag", ids.cursor(length: 27))
        w.field("id", id)
        w.key("snippet")
        w.beginObject()
        w.field("channelId", channel.platformID)
        w.field("videoId", videoID)
        w.field("textDisplay", Self.html(text))
        w.field("textOriginal", text)
        if let parent { w.field("parentId", parent) }
        w.field("authorDisplayName", "@" + author.displayName)
        w.field("authorProfileImageUrl", "https://yt3.ggpht.com/ytc/\(author.channelID.dropFirst(2))=s48-c-k-c0x00ffffff-no-rj")
        w.field("authorChannelUrl", "http://www.youtube.com/@\(author.displayName)")
        w.key("authorChannelId")
        w.beginObject()
        w.field("value", author.channelID)
        w.endObject()
        w.field("canRate", true)
        w.field("viewerRating", "none")
        w.field("likeCount", 0)
        w.field("publishedAt", time: time, .iso)
        w.field("updatedAt", time: time, .iso)
        w.endObject()
        w.endObject()
        return w.bytes
    }

    /// A resident's top-level comment on a video: opens a thread and returns its id.
    func open(videoID: String, author: YouTubeAuthor, text: String, at time: Millis) -> String {
        let id = ids.youtubeThread()
        threads[id] = Thread(id: id, videoID: videoID, top: comment(id: id, videoID: videoID, parent: nil, author: author, text: text, at: time), at: time)
        files.record(RecordKey("youtube", "comment", "comment"))
        return id
    }

    /// A reply in a thread, by the resident (`comment`) or the channel (`reply`).
    func reply(thread: String, author: YouTubeAuthor, text: String, at time: Millis, kind: String) {
        guard let open = threads[thread] else { return }
        open.replies.append(comment(id: ids.youtubeReply(thread: thread), videoID: open.videoID, parent: thread, author: author, text: text, at: time))
        files.record(RecordKey("youtube", "comment", kind))
    }

    /// The conversation is over: the thread goes on the current page.
    func close(thread id: String, random: inout SeededRandom) throws {
        guard let thread = threads.removeValue(forKey: id) else { return }
        if page.count >= pageSize { try flush(hasNext: true) }
        var w = JSONWriter(capacity: thread.top.count * (thread.replies.count + 1) + 300)
        w.beginObject()
        w.field("kind", "youtube#commentThread")
        w.field("etag", ids.cursor(length: 27))
        w.field("id", thread.id)
        w.key("snippet")
        w.beginObject()
        w.field("channelId", channel.platformID)
        w.field("videoId", thread.videoID)
        w.key("topLevelComment")
        w.raw(thread.top)
        w.field("canReply", true)
        w.field("totalReplyCount", thread.replies.count)
        w.field("isPublic", true)
        w.endObject()
        if !thread.replies.isEmpty {
            w.key("replies")
            w.beginObject()
            w.key("comments")
            w.beginArray()
            for reply in thread.replies { w.raw(reply) }
            w.endArray()
            w.endObject()
        }
        w.endObject()
        page.append((w.bytes, thread.at))
        if random.chance(files.summary.options.duplicateRate) { carried.append((w.bytes, thread.at)) }
    }

    func finish(random: inout SeededRandom) throws {
        for id in threads.keys.sorted() { try close(thread: id, random: &random) }
        carried.removeAll()
        if !page.isEmpty { try flush(hasNext: false) }
    }

    private func flush(hasNext: Bool) throws {
        var w = JSONWriter(capacity: page.reduce(0) { $0 + $1.json.count } + 300)
        w.beginObject()
        w.field("kind", "youtube#commentThreadListResponse")
        w.field("etag", ids.cursor(length: 27))
        if hasNext { w.field("nextPageToken", ids.cursor(length: 60)) }
        w.key("pageInfo")
        w.beginObject()
        w.field("totalResults", page.count)
        w.field("resultsPerPage", pageSize)
        w.endObject()
        w.key("items")
        w.beginArray()
        for thread in page.reversed() { w.raw(thread.json) }
        w.endArray()
        w.endObject()
        number += 1
        try files.write(w.bytes, to: "youtube/comment-threads/\(channel.platformID)-threads-\(String(format: "%06d", number)).json",
                        category: "youtube commentThreads pages", fetchedAt: page.map(\.at).max()! + .hour)
        page.removeAll(keepingCapacity: true)
        if hasNext {
            for thread in carried {
                files.duplicate(RecordKey("youtube", "comment thread", "repeated in the next page"))
                page.append(thread)
            }
        }
        carried.removeAll()
    }

    /// `textDisplay` is HTML: markup characters escaped, line breaks as `<br>`.
    static func html(_ text: String) -> String {
        guard text.utf8.contains(where: { [38, 60, 62, 34, 39, 10].contains($0) }) else { return text }
        return text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: "\n", with: "<br>")
    }
}
