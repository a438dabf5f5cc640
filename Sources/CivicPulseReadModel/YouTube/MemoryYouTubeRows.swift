import Foundation

/// `YouTubeRows` in memory, with the behaviour of `PostgresYouTubeRows`, so that the YouTube
/// projection's logic can be tested step by step without a server.
public final class MemoryYouTubeRows: YouTubeRows {
    /// By `projections.youtube_comments`'s key: org, video and instant.
    public private(set) var comments: [VideoCommentRow: Int] = [:]
    public private(set) var titles: [String: VideoTitleRow] = [:]
    public private(set) var views: [String: VideoViewsRow] = [:]

    public init() {}

    public func addComments(_ rows: [VideoCommentRow]) throws {
        for row in rows {
            comments[row, default: 0] += 1
        }
    }

    public func addTitles(_ rows: [VideoTitleRow]) throws {
        for row in rows where titles[row.videoID].map({ row.position > $0.position }) ?? true {
            titles[row.videoID] = row
        }
    }

    public func addViews(_ rows: [VideoViewsRow]) throws {
        for row in rows where views[row.videoID].map(row.isLater(than:)) ?? true {
            views[row.videoID] = row
        }
    }

    public func reset() throws {
        comments = [:]
        titles = [:]
        views = [:]
    }
}
