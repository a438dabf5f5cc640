import Postgres

/// The videos whose statistics fetch asks for, from the log itself.
///
/// `videos.list` takes video ids, and the channel's full list would cost a `playlistItems` walk
/// per run whose pages no reader keeps. The videos that matter are the ones residents talk
/// about and the org's own posts: those the log holds for the account, most recently active
/// first, up to one request's worth. A video first seen in this run gets its statistics next run.
public enum YouTubeVideoIDs {
    /// `videos.list` takes at most 50 ids.
    public static let limit = 50

    /// The ids of `account`'s videos in the log, the most recently active first.
    public static func recent(account: String, on connection: Connection) throws -> [String] {
        try connection.query("""
            SELECT video FROM (
                SELECT details->>'video_id' AS video, occurred_at FROM civicpulse.events
                WHERE platform = 'youtube' AND account = \(account) AND details ? 'video_id'
                UNION ALL
                SELECT source_id, occurred_at FROM civicpulse.events
                WHERE platform = 'youtube' AND account = \(account) AND source_type = 'video'
            ) seen
            GROUP BY video ORDER BY max(occurred_at) DESC, video LIMIT \(limit)
            """).map { try $0.decode(String.self, 0) }
    }
}
