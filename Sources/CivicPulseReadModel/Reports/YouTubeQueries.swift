import Foundation
import Postgres

/// The videos residents discussed, for the weekly summary's YouTube section.
///
/// This reads the raw log (`civicpulse.events`), the one place reports still do: no projection
/// keeps residents' comments per video or the council's video titles and view counts, and the
/// analysts' view withholds residents' parent ids. The log's indexes `events_youtube_comments`,
/// `events_youtube_videos` and `events_youtube_view_counts` (migrations 020 and 022) serve only
/// this query: a projection of videos discussed would let them go.
public enum YouTubeQueries {
    /// The `limit` videos with most comments from residents from `start` to `end`, most first
    /// (then by id), each with its title and its latest view count.
    public static func discussedVideos(org: String, start: Date, end: Date, limit: Int, on connection: Connection) throws -> [DiscussedVideoRow] {
        // Residents' comments carry the video id in details; the council's own video post and
        // statistics give its title and views.
        try connection.query("""
            WITH discussed AS (
                SELECT details ->> 'video_id' AS video_id, count(*) AS comments
                FROM civicpulse.events
                WHERE org = \(org) AND channel = 'youtube' AND kind = 'comment' AND NOT actor_is_org
                  AND details ? 'video_id'
                  AND occurred_at >= \(start) AND occurred_at < \(end)
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
