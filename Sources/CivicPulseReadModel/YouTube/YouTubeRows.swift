import Foundation

/// The rows the weekly summary's YouTube section reads (docs/summary.md): residents' comments per
/// video (`projections.youtube_comments`) and each video's title and latest view count
/// (`projections.youtube_videos`). Every rule is independent of how the log is cut into batches.
///
/// Comments are counted per instant, not per day, because a summary cut at an `--as-of` instant
/// counts those made before it, wherever in a day it falls.
public protocol YouTubeRows {
    /// Counts residents' comments, one row each.
    func addComments(_ rows: [VideoCommentRow]) throws
    /// Keeps, per video, the title of its record latest in the log (a record without one included).
    func addTitles(_ rows: [VideoTitleRow]) throws
    /// Keeps, per video, the latest view count read; of two read at once, the higher.
    func addViews(_ rows: [VideoViewsRow]) throws
    /// Empties every row, for a rebuild.
    func reset() throws
}

/// A resident's comment on a video.
public struct VideoCommentRow: Sendable, Hashable {
    public var org: String
    public var videoID: String
    public var occurredAt: Date

    public init(org: String, videoID: String, occurredAt: Date) {
        self.org = org
        self.videoID = videoID
        self.occurredAt = occurredAt
    }
}

/// The council's record of one of its videos, as one event in the log gives it.
public struct VideoTitleRow: Sendable, Equatable {
    public var videoID: String
    /// Nil when the record came without a title.
    public var title: String?
    /// Its position in the log: the latest record names the video.
    public var position: Int64

    public init(videoID: String, title: String?, position: Int64) {
        self.videoID = videoID
        self.title = title
        self.position = position
    }
}

/// One reading of a video's view count (a running total).
public struct VideoViewsRow: Sendable, Equatable {
    public var videoID: String
    public var views: Double
    public var readAt: Date

    public init(videoID: String, views: Double, readAt: Date) {
        self.videoID = videoID
        self.views = views
        self.readAt = readAt
    }

    /// The order readings are kept in: latest read, then the higher count.
    public func isLater(than other: VideoViewsRow) -> Bool {
        readAt != other.readAt ? readAt > other.readAt : views > other.views
    }
}
