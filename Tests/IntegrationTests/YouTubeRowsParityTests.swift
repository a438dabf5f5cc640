import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres
import XCTest
@testable import CivicPulseProcessor

/// The shared YouTube behaviour suite (`YouTubeBehaviour`, which ProcessorTests runs in memory) over
/// `PostgresYouTubeRows`: each scenario's rows hold what the suite expects, and equal the rows
/// `MemoryYouTubeRows` gives, in one batch and in batches of one event.
final class YouTubeRowsParityTests: DatabaseTestCase {
    private func snapshot(_ connection: Connection) throws -> YouTubeSnapshot {
        let comments = try connection.query("SELECT org, video_id, occurred_at, comments FROM projections.youtube_comments").map { row in
            (YouTubeSnapshot.Comment(org: try row.decode(String.self, 0), videoID: try row.decode(String.self, 1),
                                     microseconds: ResponseSnapshot.Item.microseconds(try row.decode(Date.self, 2))),
             try row.decode(Int.self, 3))
        }
        let videos = try connection.query("SELECT video_id, title, title_position, views, views_read_at FROM projections.youtube_videos").map {
            (video: try $0.decode(String.self, 0), title: try $0.decode(String?.self, 1), position: try $0.decode(Int64?.self, 2),
             views: try $0.decode(Double?.self, 3), readAt: try $0.decode(Date?.self, 4))
        }
        return YouTubeSnapshot(
            comments: Dictionary(uniqueKeysWithValues: comments),
            titles: Dictionary(uniqueKeysWithValues: videos.compactMap { video in video.position.map { (video.video, .init(title: video.title, position: $0)) } }),
            views: Dictionary(uniqueKeysWithValues: videos.compactMap { video in
                guard let views = video.views, let readAt = video.readAt else { return nil }
                return (video.video, .init(views: views, readAt: ResponseSnapshot.Item.microseconds(readAt)))
            }))
    }

    func testPostgreSQLAndMemoryGiveTheSameRowsForEveryScenario() throws {
        let config = try Fixtures.config()
        let connection = try database.connect()
        let postgres = PostgresYouTubeRows(connection: connection)
        for scenario in YouTubeBehaviour.scenarios(org: config.org) {
            for size in [scenario.events.count, 1] {
                try postgres.reset()
                try connection.transaction { try scenario.run(on: postgres, batchSize: size) }
                let stored = try snapshot(connection)
                scenario.expect(stored)
                let memory = MemoryYouTubeRows()
                try scenario.run(on: memory, batchSize: size)
                XCTAssertEqual(stored, YouTubeSnapshot(memory), "\(scenario.name) in batches of \(size)")
            }
        }
    }
}
