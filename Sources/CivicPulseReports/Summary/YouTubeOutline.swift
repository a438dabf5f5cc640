import CivicPulseCore
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
        // Residents' comments carry the video id in details; the council's own video post and
        // statistics give its title and views. The raw log is read because the analysts' view
        // withholds residents' parent ids.
        let videos = try connection.query("""
            WITH discussed AS (
                SELECT details ->> 'video_id' AS video_id, count(*) AS comments
                FROM civicpulse.events
                WHERE org = \(org) AND channel = 'youtube' AND kind = 'comment' AND NOT actor_is_org
                  AND details ? 'video_id'
                  AND occurred_at >= \(period.start) AND occurred_at < \(period.end)
                GROUP BY 1
            )
            SELECT d.video_id, d.comments,
                   (SELECT body FROM civicpulse.events v
                    WHERE v.platform = 'youtube' AND v.source_type = 'video' AND v.source_id = d.video_id
                    ORDER BY v.position DESC LIMIT 1) AS title,
                   latest.views, latest.read_at
            FROM discussed d
            LEFT JOIN LATERAL (
                SELECT (s.details ->> 'value')::double precision AS views, s.occurred_at AS read_at FROM civicpulse.events s
                WHERE s.platform = 'youtube' AND s.kind = 'metric_snapshot' AND s.details ->> 'object_id' = d.video_id
                  AND s.details ->> 'metric' = 'view_count'
                ORDER BY s.occurred_at DESC, (s.details ->> 'value')::double precision DESC LIMIT 1
            ) latest ON true
            ORDER BY d.comments DESC, d.video_id
            LIMIT \(videoLimit)
            """).map { row in
            let id = try row.decode(String.self, 0)
            return Video(videoID: id, title: try row.decode(String?.self, 2), url: "https://www.youtube.com/watch?v=\(id)",
                         comments: try row.decode(Int.self, 1), views: try row.decode(Double?.self, 3).map { Int($0) },
                         viewsReadAt: try row.decode(Date?.self, 4))
        }
        return YouTubeOutline(
            channels: Set(rows.compactMap(\.account)).count, views: sum(rows.map(\.views)),
            comments: rows.reduce(0) { $0 + $1.comments }, replies: rows.reduce(0) { $0 + $1.replies },
            subscribers: sum(rows.map(\.followers)), subscribersGrowth: sum(rows.map(\.followersGrowth)),
            mostDiscussed: videos
        )
    }
}
