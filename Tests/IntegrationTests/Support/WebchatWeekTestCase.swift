import Foundation
import XCTest

/// A test case whose database holds the fixture week's tweets and the web chat conversations of
/// `webchat-resolutions.csv` (Tests/IntegrationTests/Fixtures/README.md), read through the example
/// pipeline with the chat's links kept (`url: link`), ingested and processed with the built command.
class WebchatWeekTestCase: DatabaseTestCase {
    var pipeline: URL!
    let week = ["--from", "2026-11-16", "--to", "2026-11-22"]

    override func setUpWithError() throws {
        try super.setUpWithError()
        pipeline = try Fixtures.pipelineWithChatLinks()
        let tweets = try run(["ingest", "-q", "--pipeline", pipeline.path, Fixtures.path("harbourside-tweets.json"), Fixtures.path("harbourside-tweets-monday.json")])
        XCTAssertEqual(tweets.status, 3, "tweet 1010 is quarantined: \(tweets.err)")
        let chat = try run(["ingest", "-q", "--pipeline", pipeline.path, "--mapping", "webchat", Fixtures.path("webchat-resolutions.csv")])
        XCTAssertEqual(chat.status, 0, chat.err)
        XCTAssertEqual(try run(["process", "-q", "--pipeline", pipeline.path]).status, 0)
    }

    override func tearDown() {
        if let pipeline { try? FileManager.default.removeItem(at: pipeline) }
        super.tearDown()
    }

    /// Ingests more chats, `csv` being the webchat mapping's columns with a header, through a
    /// temporary file, and processes them.
    func ingestChats(_ csv: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("chats-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let chat = try run(["ingest", "-q", "--pipeline", pipeline.path, "--mapping", "webchat", file.path])
        XCTAssertEqual(chat.status, 0, chat.err)
        XCTAssertEqual(try run(["process", "-q", "--pipeline", pipeline.path]).status, 0)
    }

    func civicpulse(_ arguments: [String]) throws -> String {
        let result = try run(arguments + ["-q", "--pipeline", pipeline.path])
        XCTAssertEqual(result.status, 0, "\(arguments): \(result.err)")
        return result.out
    }

    func jsonLines(_ arguments: [String]) throws -> [[String: Any]] {
        try civicpulse(["export", "items", "--format", "jsonl"] + arguments).split(separator: "\n").map {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// `json`'s object, as the built command printed it.
    func object(_ json: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    /// The median, interpolated between the middle two as PostgreSQL's `percentile_cont(0.5)` does.
    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let lo = sorted[(sorted.count - 1) / 2], hi = sorted[sorted.count / 2]
        return lo + (hi - lo) * 0.5
    }
}
