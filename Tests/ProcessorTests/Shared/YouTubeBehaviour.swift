// One behaviour suite for every `YouTubeRows`: ProcessorTests runs it over `MemoryYouTubeRows` with
// no server, IntegrationTests (through a symbolic link to this file) over `PostgresYouTubeRows` too,
// and compares the two implementations' rows.
import CivicPulseCore
import CivicPulseReadModel
import Foundation
import XCTest
@testable import CivicPulseProcessor

/// What a reader of the YouTube rows sees: residents' comments per org, video and instant, and each
/// video's title and latest view count. Instants in whole microseconds, as PostgreSQL keeps them.
struct YouTubeSnapshot: Equatable, CustomStringConvertible {
    struct Comment: Hashable {
        var org: String
        var videoID: String
        var microseconds: Double
    }

    struct Title: Equatable {
        var title: String?
        var position: Int64
    }

    struct Views: Equatable {
        var views: Double
        var readAt: Double
    }

    var comments: [Comment: Int]
    var titles: [String: Title]
    var views: [String: Views]

    init(comments: [Comment: Int], titles: [String: Title], views: [String: Views]) {
        self.comments = comments
        self.titles = titles
        self.views = views
    }

    init(_ rows: MemoryYouTubeRows) {
        let micro = ResponseSnapshot.Item.microseconds
        self.init(
            comments: Dictionary(uniqueKeysWithValues: rows.comments.map {
                (Comment(org: $0.key.org, videoID: $0.key.videoID, microseconds: micro($0.key.occurredAt)), $0.value)
            }),
            titles: rows.titles.mapValues { Title(title: $0.title, position: $0.position) },
            views: rows.views.mapValues { Views(views: $0.views, readAt: micro($0.readAt)) })
    }

    /// The comments counted on `video`, at every instant.
    func comments(on video: String) -> Int {
        comments.filter { $0.key.videoID == video }.values.reduce(0, +)
    }

    var description: String {
        let counts = Dictionary(grouping: comments, by: \.key.videoID).mapValues { $0.map(\.value).reduce(0, +) }
        return "comments \(counts.sorted { $0.key < $1.key }); titles \(titles.sorted { $0.key < $1.key }); views \(views.sorted { $0.key < $1.key })"
    }
}

/// A stretch of log and what the YouTube rows must show after it, whatever the batches.
struct YouTubeScenario {
    var name: String
    var events: [LoggedEvent]
    var expect: (YouTubeSnapshot) -> Void

    func run(on rows: any YouTubeRows, batchSize size: Int) throws {
        let projection = YouTubeProjection(rows: rows)
        for batch in events.batches(of: size) {
            try projection.apply(batch)
        }
    }
}

enum YouTubeBehaviour {
    /// A `view_count` reading of `object`, as the statistics reader logs it.
    static func viewCount(_ object: String, _ value: Int, type: String = "video") -> String {
        #"{"metric": "view_count", "period": "lifetime", "value": \#(value), "object_id": "\#(object)", "object_type": "\#(type)"}"#
    }

    static func scenarios(org: String) -> [YouTubeScenario] {
        // Residents comment on two videos, two of them at the same second; the council's own
        // comment, a resident's reply, a comment naming no video and a Facebook comment are no
        // resident's comment on a video.
        var comments = LogScript(org: org)
        comments.add(.comment, minute: 0, by: "ada", source: "c1", platform: "youtube", sourceType: "comment", video: "v1")
        comments.add(.comment, minute: 0, by: "bo", source: "c2", platform: "youtube", sourceType: "comment", video: "v1")
        comments.add(.comment, minute: 30, by: "ada", source: "c3", platform: "youtube", sourceType: "comment", video: "v1")
        comments.add(.comment, minute: 45, by: "cy", source: "c4", platform: "youtube", sourceType: "comment", video: "v2")
        comments.add(.comment, minute: 50, by: "council", org: true, source: "c5", platform: "youtube", sourceType: "comment", video: "v1")
        comments.add(.reply, minute: 55, by: "di", source: "c6", parent: "c1", platform: "youtube", sourceType: "comment", video: "v1")
        comments.add(.comment, minute: 60, by: "ed", source: "c7", platform: "youtube", sourceType: "comment")
        comments.add(.comment, minute: 65, by: "fi", source: "f1", video: "v1")

        // Two videos renamed: the latest record names each, even one without a title; a correction
        // of a video record (which carries no text) names nothing.
        var titles = LogScript(org: org)
        let video = { (log: inout LogScript, minute: Double, id: String, title: String?) in
            log.add(.post, minute: minute, by: "council", org: true, source: id, text: title, platform: "youtube", sourceType: "video")
        }
        video(&titles, 0, "v1", "Gritting tonight")
        video(&titles, 1, "v2", "Budget consultation")
        video(&titles, 2, "v1", "Gritting tonight: main routes")
        video(&titles, 3, "v2", nil)
        titles.add(.correction, minute: 4, by: "council", org: true, source: "v1", platform: "youtube", sourceType: "video")

        // View counts are running totals: the latest read wins, whenever it arrives; of two read
        // at once, the higher. Another metric and a channel's views are no video's views.
        var views = LogScript(org: org)
        let reading = { (log: inout LogScript, minute: Double, details: String) in
            log.add(.metricSnapshot, minute: minute, by: "council", org: true, source: "s\(log.events.count)", platform: "youtube",
                    details: details, sourceType: "video_statistics")
        }
        reading(&views, 0, viewCount("v1", 10))
        reading(&views, 60, viewCount("v1", 50))
        reading(&views, 30, viewCount("v1", 40))
        reading(&views, 90, viewCount("v2", 65))
        reading(&views, 90, viewCount("v2", 70))
        reading(&views, 90, viewCount("v2", 68))
        reading(&views, 120, #"{"metric": "like_count", "period": "lifetime", "value": 9, "object_id": "v1", "object_type": "video"}"#)
        reading(&views, 120, viewCount("UCcouncil", 9000, type: "channel"))

        return [
            YouTubeScenario(name: "residents' comments", events: comments.events) { rows in
                XCTAssertEqual(rows.comments(on: "v1"), 3, "ada twice and bo; not the council, a reply or Facebook\n\(rows)")
                XCTAssertEqual(rows.comments(on: "v2"), 1, "\(rows)")
                XCTAssertEqual(rows.comments.count, 3, "two comments at one instant share its row\n\(rows)")
                XCTAssertEqual(rows.comments.keys.map(\.org), Array(repeating: org, count: 3))
                XCTAssertTrue(rows.titles.isEmpty && rows.views.isEmpty, "\(rows)")
            },
            YouTubeScenario(name: "titles", events: titles.events) { rows in
                XCTAssertEqual(rows.titles["v1"]?.title, "Gritting tonight: main routes", "the latest record, not the correction\n\(rows)")
                XCTAssertEqual(rows.titles["v2"], .init(title: nil, position: 4), "the latest record had no title\n\(rows)")
                XCTAssertTrue(rows.comments.isEmpty, "a video is no comment")
            },
            YouTubeScenario(name: "view counts", events: views.events) { rows in
                XCTAssertEqual(rows.views["v1"]?.views, 50, "read last, though logged before the 40\n\(rows)")
                XCTAssertEqual(rows.views["v2"]?.views, 70, "\(rows)")
                XCTAssertEqual(rows.views["UCcouncil"]?.views, 9000, "kept, and never a video's")
                XCTAssertEqual(rows.views.count, 3, "likes are no views\n\(rows)")
            },
        ]
    }
}
