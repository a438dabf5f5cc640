import Foundation

/// A Facebook user or Page as `from` shows them.
struct GraphAuthor {
    let id: UInt64
    let name: String
}

/// Writes each post's comments as Graph API `/{post}/comments?filter=stream` pages: comments
/// and replies in time order, replies with `parent{id}`, `paging.cursors`, and `next` on
/// every page of a post but its last.
///
/// A post's comments are kept until its page is full or the post has gone quiet (two weeks),
/// so memory holds only recent posts. Duplicates: a comment repeated at the start of the
/// post's next page. Malformed: a comment without `created_time`.
final class GraphCommentPages {
    private struct Entry {
        let json: [UInt8]
        let at: Millis
    }

    private final class PostComments {
        let page: OrgAccount
        let postNumber: UInt64
        let postedAt: Millis
        var entries: [Entry] = []
        var carried: [Entry] = []
        var pageCount = 0

        init(page: OrgAccount, postNumber: UInt64, postedAt: Millis) {
            self.page = page
            self.postNumber = postNumber
            self.postedAt = postedAt
        }
    }

    private let files: OutputFiles
    private let pageSize: Int
    private var open: [UInt64: PostComments] = [:]
    /// Pages already written per post, so a comment after a post was put away starts a new page.
    private var pagesWritten: [UInt64: Int] = [:]
    private var ids: PlatformIDs

    init(files: OutputFiles, pageSize: Int, seed: UInt64) {
        self.files = files
        self.pageSize = pageSize
        ids = PlatformIDs(seed: seed ^ 0x6663)
    }

    /// Adds a comment on `post` (a reply when `parent` is the top-level comment's number).
    func append(page: OrgAccount, post: UInt64, postedAt: Millis, comment: UInt64, parent: UInt64?,
                from author: GraphAuthor, message: String, at time: Millis, kind: String, random: inout SeededRandom) throws {
        let comments = open[post] ?? {
            let made = PostComments(page: page, postNumber: post, postedAt: postedAt)
            made.pageCount = pagesWritten[post] ?? 0
            open[post] = made
            return made
        }()
        if comments.entries.count >= pageSize { try flush(comments, hasNext: true) }
        let malformed = random.chance(files.summary.options.malformedRate)
        var w = JSONWriter(capacity: 400)
        w.beginObject()
        w.field("id", "\(post)_\(comment)")
        w.key("from")
        w.beginObject()
        w.field("name", author.name)
        w.field("id", id: author.id)
        w.endObject()
        w.field("message", message)
        if !malformed { w.field("created_time", time: time, .graph) }
        if let parent {
            w.key("parent")
            w.beginObject()
            w.field("id", "\(post)_\(parent)")
            w.endObject()
        }
        let reply = parent == nil ? "" : "&reply_comment_id=\(comment)"
        w.field("permalink_url", "https://www.facebook.com/\(page.platformID)/posts/\(post)/?comment_id=\(parent ?? comment)\(reply)")
        w.field("like_count", random.chance(0.7) ? 0 : random.between(1, 12))
        w.endObject()
        let entry = Entry(json: w.bytes, at: time)
        comments.entries.append(entry)
        if malformed {
            files.malformed(RecordKey("facebook", "graph comment", "created_time missing"))
        } else {
            files.record(RecordKey("facebook", "graph comment", kind))
            if random.chance(files.summary.options.duplicateRate) { comments.carried.append(entry) }
        }
    }

    /// Writes out and forgets posts published before `cutoff`.
    func closePosts(postedBefore cutoff: Millis) throws {
        for post in open.keys.sorted() where open[post]!.postedAt < cutoff {
            try flush(open[post]!, hasNext: false)
            open[post] = nil
        }
    }

    func finish() throws {
        try closePosts(postedBefore: .max)
    }

    private func flush(_ comments: PostComments, hasNext: Bool) throws {
        guard !comments.entries.isEmpty else { return }
        let postID = "\(comments.page.platformID)_\(comments.postNumber)"
        var w = JSONWriter(capacity: comments.entries.count * 420 + 400)
        w.beginObject()
        w.key("data")
        w.beginArray()
        for entry in comments.entries { w.raw(entry.json) }
        w.endArray()
        w.key("paging")
        w.beginObject()
        w.key("cursors")
        w.beginObject()
        w.field("before", ids.cursor(length: 44))
        let after = ids.cursor(length: 44)
        w.field("after", after)
        w.endObject()
        if hasNext {
            w.field("next", "https://graph.facebook.com/v21.0/\(postID)/comments?filter=stream&limit=\(pageSize)&after=\(after)")
        }
        w.endObject()
        w.endObject()
        comments.pageCount += 1
        pagesWritten[comments.postNumber] = comments.pageCount
        try files.write(w.bytes, to: "facebook/comments/\(postID)-\(String(format: "%03d", comments.pageCount)).json",
                        category: "facebook comments pages", fetchedAt: comments.entries.map(\.at).max()! + 10 * .minute)
        comments.entries.removeAll(keepingCapacity: true)
        if hasNext {
            for entry in comments.carried {
                files.duplicate(RecordKey("facebook", "graph comment", "repeated in the next page"))
                comments.entries.append(entry)
            }
        }
        comments.carried.removeAll()
    }
}
