import CivicPulseReadModel
import Foundation
import XCTest

/// A database whose projections an earlier CivicPulse kept (before the YouTube projection, say)
/// is rebuilt by the next `process` of a newer one, and its reports say the log is not processed
/// until then; projections a newer CivicPulse kept are left for a person to decide.
final class ProjectionsVersionTests: DatabaseTestCase {
    private let dashboard = ["dashboard", "-q", "--from", "2026-11-16", "--to", "2026-11-22", "--format", "json"]

    private func processedWithVideos() throws -> [String: String] {
        for file in ["harbourside-tweets.json", "youtube-comment-threads-council-video.json"] {
            XCTAssertTrue([0, 3].contains(try run(["ingest", "-q", Fixtures.path(file)]).status), file)
        }
        let process = try run(["process", "-q"])
        XCTAssertEqual(process.status, 0, process.err)
        return try projectionDigests(database)
    }

    private func unprocessedEvents() throws -> Int? {
        let result = try run(dashboard)
        XCTAssertEqual(result.status, 0, result.err)
        let report = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
        return (report?["header"] as? [String: Any])?["unprocessed_events"] as? Int
    }

    func testProjectionsOfAnEarlierVersionAreRebuiltByTheNextProcessAndReportedUnprocessedUntilThen() throws {
        let wanted = try processedWithVideos()
        let logged = try database.connect().query("SELECT count(*) FROM civicpulse.events")[0].decode(Int.self, 0)
        XCTAssertEqual(try unprocessedEvents(), 0)
        // As a binary from before the YouTube projection and before versions left the database.
        let connection = try database.connect()
        try connection.execute("TRUNCATE projections.youtube_comments, projections.youtube_videos")
        try connection.execute("UPDATE projections.checkpoints SET projections_version = NULL")

        XCTAssertEqual(try unprocessedEvents(), logged, "every event counts as waiting for the processor")
        let process = try run(["process"])
        XCTAssertEqual(process.status, 0, process.err)
        XCTAssertTrue(process.err.components(separatedBy: "\n").contains(
            "the projections were kept by an earlier CivicPulse (projections version 0, now \(Checkpoint.projectionsVersion)): rebuilding them from the log"),
                      process.err)
        XCTAssertTrue(process.out.contains("processed \(logged) events in ") && process.out.contains("(rebuilt from the start of the log)"), process.out)
        assertSameProjections(try projectionDigests(database), wanted, "rebuilt on upgrade")
        XCTAssertEqual(try unprocessedEvents(), 0)

        let again = try run(["process"])
        XCTAssertEqual(again.status, 0, again.err)
        XCTAssertFalse(again.err.contains("rebuilding"), "rebuilt once, not on every run: \(again.err)")
        XCTAssertTrue(again.out.hasPrefix("processed 0 events in "), again.out)
    }

    func testProjectionsOfANewerVersionAreLeftAsTheyAreWithASentence() throws {
        let wanted = try processedWithVideos()
        let newer = Checkpoint.projectionsVersion + 1
        try database.connect().execute("UPDATE projections.checkpoints SET projections_version = \(newer)")

        let process = try run(["process", "-q"])
        XCTAssertEqual(process.status, 1, process.err)
        XCTAssertEqual(process.err.split(separator: "\n").count, 1, process.err)
        XCTAssertTrue(process.err.contains("the projections were last processed by a newer CivicPulse (projections version \(newer); this one keeps \(Checkpoint.projectionsVersion))"), process.err)
        assertSameProjections(try projectionDigests(database), wanted, "left as the newer binary kept them")

        let rebuild = try run(["process", "-q", "--rebuild"])
        XCTAssertEqual(rebuild.status, 0, rebuild.err)
        assertSameProjections(try projectionDigests(database), wanted, "rebuilt when asked")
        XCTAssertEqual(try database.connect().query("SELECT projections_version FROM projections.checkpoints")[0].decode(Int.self, 0),
                       Checkpoint.projectionsVersion)
    }
}
