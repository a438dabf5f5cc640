import Foundation
import Postgres

/// `YouTubeRows` in PostgreSQL, in the caller's transaction. A batch's rows are reduced in memory
/// to one per key, staged with COPY and folded in with one upsert per table, so a batch costs in
/// proportion to its own size: comment counts are added, and a title or view count replaces the
/// stored one only when it is later.
public struct PostgresYouTubeRows: YouTubeRows {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    public func addComments(_ rows: [VideoCommentRow]) throws {
        guard !rows.isEmpty else { return }
        let memory = MemoryYouTubeRows()
        try memory.addComments(rows)
        try stage("staged_youtube_comments", "org text, video_id text, occurred_at timestamptz, comments bigint", memory.comments) { writer, row, comments in
            writer.field(row.org)
            writer.field(row.videoID)
            writer.field(row.occurredAt)
            writer.field(comments)
        }
        try connection.execute("""
            INSERT INTO projections.youtube_comments AS t (org, video_id, occurred_at, comments)
            SELECT org, video_id, occurred_at, comments FROM staged_youtube_comments
            ON CONFLICT (org, occurred_at, video_id) DO UPDATE SET comments = t.comments + excluded.comments
            """)
    }

    public func addTitles(_ rows: [VideoTitleRow]) throws {
        guard !rows.isEmpty else { return }
        let memory = MemoryYouTubeRows()
        try memory.addTitles(rows)
        try stage("staged_youtube_titles", "video_id text, title text, title_position bigint", memory.titles) { writer, videoID, row in
            writer.field(videoID)
            writer.field(row.title)
            writer.field(row.position)
        }
        try keep(["title", "title_position"], from: "staged_youtube_titles",
                 when: "t.title_position IS NULL OR t.title_position < excluded.title_position")
    }

    public func addViews(_ rows: [VideoViewsRow]) throws {
        guard !rows.isEmpty else { return }
        let memory = MemoryYouTubeRows()
        try memory.addViews(rows)
        try stage("staged_youtube_views", "video_id text, views double precision, views_read_at timestamptz", memory.views) { writer, videoID, row in
            writer.field(videoID)
            writer.field(row.views)
            writer.field(row.readAt)
        }
        try keep(["views", "views_read_at"], from: "staged_youtube_views",
                 when: "t.views_read_at IS NULL OR (excluded.views_read_at, excluded.views) > (t.views_read_at, t.views)")
    }

    public func reset() throws {
        try connection.execute("TRUNCATE projections.youtube_comments, projections.youtube_videos")
    }

    /// Sets a video's `columns` from the `staged` row of it, where the stored ones are not later (`condition`).
    private func keep(_ columns: [String], from staged: String, when condition: String) throws {
        try connection.execute("""
            INSERT INTO projections.youtube_videos AS t (video_id, \(columns.joined(separator: ", ")))
            SELECT video_id, \(columns.joined(separator: ", ")) FROM \(staged)
            ON CONFLICT (video_id) DO UPDATE SET \(columns.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
            WHERE \(condition)
            """)
    }

    /// Puts `rows` in the transaction's temporary `table` of `columns`, and nothing else.
    private func stage<Key, Value>(_ table: String, _ columns: String, _ rows: [Key: Value],
                                   write: (inout CopyWriter, Key, Value) -> Void) throws {
        try connection.execute("""
            CREATE TEMPORARY TABLE IF NOT EXISTS \(table) (\(columns)) ON COMMIT DELETE ROWS;
            TRUNCATE \(table)
            """)
        try connection.copyIn("COPY \(table) FROM STDIN") { writer in
            for (key, value) in rows {
                write(&writer, key, value)
                try writer.endRow()
            }
        }
    }
}
