import CivicPulseCore
import Foundation

/// YouTube Data API v3 responses: `commentThreads.list` and `comments.list` pages, single
/// commentThread and comment resources (`comments.insert`/`update` responses), `videos.list` and
/// `channels.list` (statistics become metric snapshots), error bodies, and JSON Lines of any of these.
///
/// Recognised by the resource `kind` (`youtube#…`), so other APIs' look-alike shapes are never
/// taken for YouTube's. Kinds CivicPulse does not read (search results, playlists) are not recognised.
/// Comments are classified by ``YouTubeComments``, statistics by ``YouTubeStatistics``.
struct YouTubeNormaliser: PayloadFormat {
    static let source = IngestSource.youtube
    static let displayName = "YouTube Data API v3 response"
    static let platform = "youtube"

    /// List responses read, with the kind of their items and the call that returns them.
    static let lists: [String: (item: String, call: String)] = [
        "youtube#commentThreadListResponse": ("youtube#commentThread", "commentThreads.list page"),
        "youtube#commentListResponse": ("youtube#comment", "comments.list page"),
        "youtube#videoListResponse": ("youtube#video", "videos.list response"),
        "youtube#channelListResponse": ("youtube#channel", "channels.list response"),
    ]
    /// Single resources read, with how a person would name them.
    static let resources: [String: String] = [
        "youtube#commentThread": "commentThread",
        "youtube#comment": "comment (comments.insert, comments.update or one comments.list item)",
        "youtube#video": "video",
        "youtube#channel": "channel",
    ]

    let context: IngestContext

    init(context: IngestContext) {
        self.context = context
    }

    static func recognises(_ document: JSONValue) -> Bool {
        if let kind = document["kind"]?.stringValue { return lists[kind] != nil || resources[kind] != nil }
        return YouTubeErrors.isErrorBody(document)
    }

    func normalise(document: JSONValue, into batch: inout NormalisedBatch) {
        if YouTubeErrors.report(document, into: &batch) {
            batch.recognisedAs = "YouTube error response"
            return
        }
        batch.recognisedAs = read(document, path: nil, into: &batch)
    }

    func normalise(line record: JSONValue, lineNumber: Int, into batch: inout NormalisedBatch) {
        if YouTubeErrors.report(record, into: &batch) { return }
        _ = read(record, path: "line \(lineNumber)", into: &batch)
    }

    /// Reads a list response's items or a single resource; returns what it was, in words.
    private func read(_ document: JSONValue, path prefix: String?, into batch: inout NormalisedBatch) -> String {
        let kind = document["kind"]?.stringValue ?? ""
        guard let list = Self.lists[kind] else {
            let ignored = readItem(document, kind: kind, path: prefix ?? "(document)", into: &batch) ? "; ignored: it holds no statistics" : ""
            return "YouTube \(Self.resources[kind] ?? (kind.isEmpty ? "document without a kind" : kind))\(ignored)"
        }
        if let notItems = document["items"], notItems.arrayValue == nil {
            Self.record(document, path: prefix.map { "\($0).items" } ?? "items", into: &batch) {
                throw FieldProblem(field: "items", reason: "expected an array, got \(notItems.jsonText.prefix(40))")
            }
        }
        let items = document["items"]?.arrayValue ?? []
        var ignored = 0
        for (position, item) in items.enumerated() {
            let path = prefix.map { "\($0).items[\(position)]" } ?? "items[\(position)]"
            if readItem(item, kind: item["kind"]?.stringValue ?? list.item, path: path, into: &batch) { ignored += 1 }
        }
        let more = document["nextPageToken"]?.stringValue != nil ? ", more pages follow" : ""
        let ignoredSummary = ignored == 0 ? "" : "; ignored: \(ignored) without statistics, of channels not the org's"
        return "YouTube \(list.call) (\(items.count) item\(items.count == 1 ? "" : "s")\(more))\(ignoredSummary)"
    }

    /// Reads one item as a record; true when it was ignored instead, holding nothing CivicPulse reads.
    @discardableResult
    private func readItem(_ item: JSONValue, kind: String, path: String, into batch: inout NormalisedBatch) -> Bool {
        switch kind {
        case "youtube#commentThread":
            YouTubeComments(context: context).read(thread: item, path: path, into: &batch)
        case "youtube#comment":
            YouTubeComments(context: context).read(comment: item, path: path, into: &batch)
        case "youtube#video", "youtube#channel":
            let statistics = YouTubeStatistics(context: context)
            guard !statistics.holdsNothing(item, kind: kind) else { return true }
            Self.record(item, path: path, into: &batch) { try statistics.events(for: item, kind: kind) }
        default:
            Self.record(item, path: path, into: &batch) {
                throw FieldProblem(field: "kind", reason: "'\(kind)' is not a YouTube resource CivicPulse reads")
            }
        }
        return false
    }

    /// Reads one record (an item, a comment in a thread), known by its `id`.
    static func record(_ item: JSONValue, path: String, into batch: inout NormalisedBatch, _ events: () throws -> [EngagementEvent]) {
        batch.read(item, at: path, id: item["id"]?.idString, events)
    }
}
