import Foundation

/// Writes a Page's own posts as Graph API `/{page}/posts` pages: newest first, with `from`,
/// `permalink_url`, and time-based paging (`previous`/`next` with `since`/`until`).
final class GraphPostPages {
    private struct Pending {
        var entries: [(json: [UInt8], at: Millis)] = []
        var pageCount = 0
    }

    private let files: OutputFiles
    private let pageSize: Int
    /// By Page id; written out in Page id order.
    private var pending: [String: Pending] = [:]
    private var pages: [String: OrgAccount] = [:]

    init(files: OutputFiles, pageSize: Int) {
        self.files = files
        self.pageSize = pageSize
    }

    func append(page: OrgAccount, post: UInt64, message: String, at time: Millis) throws {
        pages[page.platformID] = page
        if let buffered = pending[page.platformID], buffered.entries.count >= pageSize {
            try flush(page.platformID, hasNext: true)
        }
        var w = JSONWriter(capacity: 400)
        w.beginObject()
        w.field("id", "\(page.platformID)_\(post)")
        w.field("created_time", time: time, .graph)
        w.field("message", message)
        w.key("from")
        w.beginObject()
        w.field("name", page.displayName)
        w.field("id", page.platformID)
        w.endObject()
        w.field("permalink_url", "https://www.facebook.com/\(page.platformID)/posts/\(post)")
        w.endObject()
        pending[page.platformID, default: Pending()].entries.append((w.bytes, time))
        files.record(RecordKey("facebook", "graph post", "post"))
    }

    func finish() throws {
        for pageID in pending.keys.sorted() { try flush(pageID, hasNext: false) }
    }

    private func flush(_ pageID: String, hasNext: Bool) throws {
        guard var buffered = pending[pageID], !buffered.entries.isEmpty else { return }
        let newest = buffered.entries.map(\.at).max()!, oldest = buffered.entries.map(\.at).min()!
        var w = JSONWriter(capacity: buffered.entries.count * 420 + 400)
        w.beginObject()
        w.key("data")
        w.beginArray()
        for entry in buffered.entries.reversed() { w.raw(entry.json) }
        w.endArray()
        w.key("paging")
        w.beginObject()
        let base = "https://graph.facebook.com/v21.0/\(pageID)/posts?fields=id,created_time,message,from,permalink_url&limit=\(pageSize)"
        w.field("previous", "\(base)&since=\(newest.epochSeconds)&__previous=1")
        if hasNext { w.field("next", "\(base)&until=\(oldest.epochSeconds - 1)") }
        w.endObject()
        w.endObject()
        buffered.pageCount += 1
        try files.write(w.bytes, to: "facebook/posts/\(pageID)-posts-\(String(format: "%03d", buffered.pageCount)).json",
                        category: "facebook posts pages", fetchedAt: newest + 10 * .minute)
        buffered.entries.removeAll()
        pending[pageID] = buffered
    }
}
