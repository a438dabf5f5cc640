import CivicPulseCore
import Foundation

/// One of the council's videos, with the counts YouTube reports for it.
final class PublishedVideo {
    let id: String
    let channel: OrgAccount
    let title: String
    let description: String
    let publishedAt: Millis
    var views = 0
    var likes = 0
    var comments = 0

    init(id: String, channel: OrgAccount, title: String, description: String, publishedAt: Millis) {
        self.id = id
        self.channel = channel
        self.title = title
        self.description = description
        self.publishedAt = publishedAt
    }
}

/// Writes a daily `videos.list` fetch (`part=snippet,statistics`) of the channels' videos
/// from the last 30 days, counts as strings as YouTube sends them, at most 50 videos a
/// response. Each file is named and dated when it was fetched (the end of the day,
/// `videos-2026-11-17T00-00-00Z.json`): readers date statistics, which carry no time of their
/// own, by the time in the name, which unlike the modification time survives a `git clone`.
final class VideoStatistics {
    static let maxAgeDays = 30
    static let perRequest = 50

    private let files: OutputFiles
    private(set) var recent: [PublishedVideo] = []
    private var ids: PlatformIDs

    init(files: OutputFiles, seed: UInt64) {
        self.files = files
        ids = PlatformIDs(seed: seed ^ 0x7673)
    }

    func publish(channel: OrgAccount, title: String, description: String, at time: Millis) -> PublishedVideo {
        let video = PublishedVideo(id: ids.youtubeVideo(), channel: channel, title: title, description: description, publishedAt: time)
        recent.append(video)
        return video
    }

    /// Videos a resident might comment on at `time`: published before it, newest first.
    func commentable(at time: Millis) -> [PublishedVideo] {
        recent.filter { $0.publishedAt < time }.reversed()
    }

    /// The day is over: views and likes grow (most in a video's first days), and the fetch is written.
    func endOfDay(fetchedAt: Millis, scale: Double, random: inout SeededRandom) throws {
        recent.removeAll { fetchedAt - $0.publishedAt > Millis(Self.maxAgeDays) * .day }
        let live = recent.filter { $0.publishedAt < fetchedAt }
        guard !live.isEmpty else { return }
        for video in live {
            let age = Double(fetchedAt - video.publishedAt) / Double(Millis.day)
            let daily = Double(400) * max(scale, 0.05) / (1 + age * age) * (0.7 + 0.6 * random.unit())
            video.views += Int(daily)
            video.likes += Int(daily * 0.03)
        }
        for start in stride(from: 0, to: live.count, by: Self.perRequest) {
            let chunk = live[start..<min(live.count, start + Self.perRequest)]
            var w = JSONWriter(capacity: chunk.count * 900 + 200)
            w.beginObject()
            w.field("kind", "youtube#videoListResponse")
            w.field("etag", ids.cursor(length: 27))
            w.key("items")
            w.beginArray()
            for video in chunk { write(video, into: &w) }
            w.endArray()
            w.key("pageInfo")
            w.beginObject()
            w.field("totalResults", chunk.count)
            w.field("resultsPerPage", chunk.count)
            w.endObject()
            w.endObject()
            let part = live.count > Self.perRequest ? "-\(start / Self.perRequest + 1)" : ""
            let fetched = TimestampFormat.iso.string(fetchedAt).replacingOccurrences(of: ":", with: "-")
            try files.write(w.bytes, to: "youtube/videos/videos-\(fetched)\(part).json", category: "youtube videos.list pages", fetchedAt: fetchedAt)
            files.record(RecordKey("youtube", "video statistics", "metric_snapshot"), chunk.count)
        }
    }

    private func write(_ video: PublishedVideo, into w: inout JSONWriter) {
        w.beginObject()
        w.field("kind", "youtube#video")
        w.field("etag", ids.cursor(length: 27))
        w.field("id", video.id)
        w.key("snippet")
        w.beginObject()
        w.field("publishedAt", time: video.publishedAt, .iso)
        w.field("channelId", video.channel.platformID)
        w.field("title", video.title)
        w.field("description", video.description)
        w.field("channelTitle", video.channel.displayName)
        w.field("categoryId", "25")
        w.field("liveBroadcastContent", "none")
        w.endObject()
        w.key("statistics")
        w.beginObject()
        w.field("viewCount", String(video.views))
        w.field("likeCount", String(video.likes))
        w.field("favoriteCount", "0")
        w.field("commentCount", String(video.comments))
        w.endObject()
        w.endObject()
    }
}
