import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// Keeps what the weekly summary says of YouTube videos through `YouTubeRows`: residents'
/// comments per video, and each video's title and latest view count.
///
/// The rules are the log's as the summary read it before: a resident's comment is a `comment` on
/// the YouTube channel that names its video; a title is the `video` record latest in the log; a
/// view count is a `view_count` reading of the video, the latest read. A correction is none of
/// them (it carries no text, and its reading is already counted).
struct YouTubeProjection: Projection {
    let rows: any YouTubeRows

    init(rows: any YouTubeRows) {
        self.rows = rows
    }

    init(connection: Connection, config: PipelineConfig) {
        self.init(rows: PostgresYouTubeRows(connection: connection))
    }

    func apply(_ events: [LoggedEvent]) throws {
        var comments: [VideoCommentRow] = []
        var titles: [VideoTitleRow] = []
        var views: [VideoViewsRow] = []
        for event in events where event.kind != .correction {
            if event.kind == .comment, event.channel == "youtube", !event.actorIsOrg, let video = event.videoID {
                comments.append(VideoCommentRow(org: event.org, videoID: video, occurredAt: event.occurredAt))
            } else if event.platform == "youtube", event.sourceType == "video" {
                titles.append(VideoTitleRow(videoID: event.sourceID, title: event.text, position: event.position))
            } else if event.platform == "youtube", event.kind == .metricSnapshot, let reading = Self.viewCount(event) {
                views.append(reading)
            }
        }
        try rows.addComments(comments)
        try rows.addTitles(titles)
        try rows.addViews(views)
    }

    /// A reading of a video's `view_count` (a channel's has another object id, never a video's).
    private static func viewCount(_ event: LoggedEvent) -> VideoViewsRow? {
        guard let details = event.details.flatMap({ try? JSONValue.parse(Data($0.utf8)) }),
              details["metric"]?.stringValue == "view_count", let video = details["object_id"]?.stringValue,
              let views = details["value"]?.doubleValue, views.isFinite else { return nil }
        return VideoViewsRow(videoID: video, views: views, readAt: event.occurredAt)
    }

    func reset() throws {
        try rows.reset()
    }
}
