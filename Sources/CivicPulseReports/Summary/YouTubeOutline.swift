import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// How the place looks on YouTube this week: the council channels' views, subscribers and
/// residents' comments (from the reach figures), and the videos residents discussed most.
public struct YouTubeOutline: Codable, Sendable, Equatable {
    /// The council's YouTube channels with figures this week (a channel serving several
    /// services counts once).
    public var channels: Int
    /// Views in the week, as `reach` counts them; nil when no channel reported any.
    public var views: Int?
    public var comments: Int
    public var replies: Int
    public var subscribers: Int?
    public var subscribersGrowth: Int?
    /// By residents' comments this week, most first.
    public var mostDiscussed: [Video]

    enum CodingKeys: String, CodingKey {
        case channels, views, comments, replies, subscribers
        case subscribersGrowth = "subscribers_growth"
        case mostDiscussed = "most_discussed"
    }

    public struct Video: Codable, Sendable, Equatable {
        public var videoID: String
        /// The council's own title for its video; nil when the video list was not ingested.
        public var title: String?
        public var url: String
        public var comments: Int
        /// The latest view count read for the video, and when it was read (statistics are
        /// running totals: the latest reading is how the video looks now).
        public var views: Int?
        public var viewsReadAt: Date?

        public init(videoID: String, title: String?, url: String, comments: Int, views: Int?, viewsReadAt: Date?) {
            self.videoID = videoID
            self.title = title
            self.url = url
            self.comments = comments
            self.views = views
            self.viewsReadAt = viewsReadAt
        }

        enum CodingKeys: String, CodingKey {
            case title, url, comments, views
            case videoID = "video_id"
            case viewsReadAt = "views_read_at"
        }
    }

    public static let videoLimit = 3

    /// `reach`: the period's figures as `ReachFigures.load` gives them for the whole council.
    static func load(org: String, period: ReportPeriod, reach: [ReachFigures], on connection: Connection) throws -> YouTubeOutline {
        let rows = reach.filter { $0.channel == "youtube" && $0.account != nil }
        func sum(_ values: [Int?]) -> Int? {
            let known = values.compactMap { $0 }
            return known.isEmpty ? nil : known.reduce(0, +)
        }
        let videos = try YouTubeQueries.discussedVideos(org: org, start: period.start, end: period.knownEnd, limit: videoLimit, on: connection).map { row in
            Video(videoID: row.videoID, title: row.title, url: "https://www.youtube.com/watch?v=\(row.videoID)",
                  comments: row.comments, views: row.views.map { Int($0) }, viewsReadAt: row.viewsReadAt)
        }
        return YouTubeOutline(
            channels: Set(rows.compactMap(\.account)).count, views: sum(rows.map(\.views)),
            comments: rows.reduce(0) { $0 + $1.comments }, replies: rows.reduce(0) { $0 + $1.replies },
            subscribers: sum(rows.map(\.followers)), subscribersGrowth: sum(rows.map(\.followersGrowth)),
            mostDiscussed: videos
        )
    }
}
