import CivicPulseCore
import CivicPulseReadModel
import Foundation
import XCTest
@testable import CivicPulseProcessor

/// The YouTube projection step by step over `MemoryYouTubeRows`, with no server.
final class YouTubeProjectionStateTests: XCTestCase {
    private var config: PipelineConfig!

    override func setUpWithError() throws {
        config = try examplePipeline()
    }

    /// Batches of one event, two, three or the whole log leave the same rows, and the rows a user
    /// expects: residents' comments per video, each video's latest title and view count.
    func testEveryScenarioGivesTheSameRowsWhateverTheBatches() throws {
        for scenario in YouTubeBehaviour.scenarios(org: config.org) {
            let whole = MemoryYouTubeRows()
            try scenario.run(on: whole, batchSize: scenario.events.count)
            scenario.expect(YouTubeSnapshot(whole))
            for size in [1, 2, 3] {
                let batched = MemoryYouTubeRows()
                try scenario.run(on: batched, batchSize: size)
                XCTAssertEqual(YouTubeSnapshot(batched), YouTubeSnapshot(whole), "\(scenario.name) in batches of \(size)")
            }
        }
    }

    /// A later batch adds to a video's comments and replaces its title and views only with later
    /// ones; a reset empties every row.
    func testALaterBatchAddsCommentsAndKeepsTheLatestRecords() throws {
        var log = LogScript(org: config.org)
        log.add(.comment, minute: 0, by: "ada", source: "c1", platform: "youtube", sourceType: "comment", video: "v1")
        log.add(.metricSnapshot, minute: 60, by: "council", org: true, source: "s1", platform: "youtube",
                details: YouTubeBehaviour.viewCount("v1", 50), sourceType: "video_statistics")
        log.add(.comment, minute: 0, by: "bo", source: "c2", platform: "youtube", sourceType: "comment", video: "v1")
        log.add(.metricSnapshot, minute: 30, by: "council", org: true, source: "s2", platform: "youtube",
                details: YouTubeBehaviour.viewCount("v1", 40), sourceType: "video_statistics")
        let rows = MemoryYouTubeRows()
        let projection = YouTubeProjection(rows: rows)

        try projection.apply(Array(log.events[..<2]))
        XCTAssertEqual(YouTubeSnapshot(rows).comments(on: "v1"), 1)
        try projection.apply(Array(log.events[2...]))
        let after = YouTubeSnapshot(rows)
        XCTAssertEqual(after.comments(on: "v1"), 2)
        XCTAssertEqual(after.comments.count, 1, "one instant, one row")
        XCTAssertEqual(after.views["v1"]?.views, 50, "an earlier reading logged later changes nothing")

        try projection.reset()
        XCTAssertTrue(rows.comments.isEmpty && rows.titles.isEmpty && rows.views.isEmpty)
    }
}
