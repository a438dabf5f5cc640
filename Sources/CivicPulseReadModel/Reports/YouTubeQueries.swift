import Foundation
import Postgres

/// The videos residents discussed, for the weekly summary's YouTube section, from the rows the
/// processor keeps of them (`YouTubeRows`): residents' comments per video and instant, and each
/// video's title and latest view count.
public enum YouTubeQueries {
    /// The `limit` videos with most comments from residents from `start` to `end`, most first
    /// (then by id), each with its title and its latest view count.
    public static func discussedVideos(org: String, start: Date, end: Date, limit: Int, on connection: Connection) throws -> [DiscussedVideoRow] {
        try connection.query("""
            WITH discussed AS (
                SELECT video_id, sum(comments)::bigint AS comments
                FROM projections.youtube_comments
                WHERE org = \(org) AND occurred_at >= \(start) AND occurred_at < \(end)
                GROUP BY video_id
            )
            SELECT d.video_id, d.comments, v.title, v.views, v.views_read_at
            FROM discussed d LEFT JOIN projections.youtube_videos v USING (video_id)
            ORDER BY d.comments DESC, d.video_id
            LIMIT \(limit)
            """).map { row in
            DiscussedVideoRow(videoID: try row.decode(String.self, 0), comments: try row.decode(Int.self, 1), title: try row.decode(String?.self, 2),
                              views: try row.decode(Double?.self, 3), viewsReadAt: try row.decode(Date?.self, 4))
        }
    }
}

/// A video residents commented on, with what the council's own records say of it.
public struct DiscussedVideoRow: Sendable, Equatable {
    public var videoID: String
    /// Residents' comments in the period.
    public var comments: Int
    /// The council's title for the video; nil when the video list was not ingested.
    public var title: String?
    /// The latest view count read, and when; nil when none was.
    public var views: Double?
    public var viewsReadAt: Date?
}
