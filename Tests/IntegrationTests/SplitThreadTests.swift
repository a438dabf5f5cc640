import Foundation
import XCTest

/// Issue 19, item 5: v1.1 replies whose question is in another file (a council's replies fetched
/// by `from:`, residents' questions by `to:`: Fixtures/README.md), through the built binary. The
/// log is the whole history, so the figures are those of one file holding both, whichever file
/// came first, in one ingest or two, processed after each file or once.
final class SplitThreadTests: DatabaseTestCase {
    private let replies = Fixtures.path("twitter-v1-council-replies.json")
    private let questions = Fixtures.path("twitter-v1-residents-questions.json")

    func testRepliesFindTheirQuestionsWhicheverFileCameFirst() throws {
        let together = try oneFile(holding: [replies, questions])
        defer { try? FileManager.default.removeItem(atPath: together) }
        let reference = try figures(ingesting: [[together]], in: database)
        let stats = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(reference.sla.utf8)) as? [String: Any])["stats"] as? [String: Any]
        XCTAssertEqual(stats?["inbound"] as? Int, 4, "Ann, Bea twice, Cal")
        XCTAssertEqual(stats?["answered"] as? Int, 3, "Ann in 20 minutes, Bea in 30 and in 45; Cal never")
        XCTAssertEqual((stats?["mean_first_response_seconds"] as? NSNumber)?.doubleValue, 1900)

        for steps in [[[replies], [questions]], [[questions], [replies]], [[replies, questions]], [[questions, replies]]] {
            let other = try TestDatabase()
            defer { other.drop() }
            let got = try figures(ingesting: steps, in: other)
            let order = steps.map { $0.map { URL(fileURLWithPath: $0).lastPathComponent } }
            XCTAssertEqual(got.sla, reference.sla, "sla after \(order)")
            XCTAssertEqual(got.dashboard, reference.dashboard, "dashboard after \(order)")
        }
    }

    /// The question processed after its answer (the reply's conversation is joined to the
    /// question's in a later batch) gives what a rebuild from the log gives, at any batch size.
    func testARebuildEqualsIncrementalProcessingWhateverTheBatches() throws {
        _ = try figures(ingesting: [[replies], [questions]], in: database)
        let incremental = try projectionDigests(database)
        for batchSize in ["1", "3", "25000"] {
            let rebuild = try run(["process", "-q", "--rebuild", "--batch-size", batchSize])
            XCTAssertEqual(rebuild.status, 0, rebuild.err)
            assertSameProjections(try projectionDigests(database), incremental, "rebuilt in batches of \(batchSize)")
        }
    }

    /// Ingests each step's files, then processes; the week's `sla` and `dashboard` as JSON.
    private func figures(ingesting steps: [[String]], in database: TestDatabase) throws -> (sla: String, dashboard: String) {
        for files in steps {
            _ = try database.civicpulse(["ingest", "-q"] + files)
            _ = try database.civicpulse(["process", "-q"])
        }
        let week = ["--from", "2026-11-16", "--to", "2026-11-22", "--as-of", "2026-11-23T09:40:00Z", "--format", "json"]
        return (try database.civicpulse(["sla", "-q", "--channel", "twitter"] + week), try database.civicpulse(["dashboard", "-q"] + week))
    }

    /// The statuses of these v1.1 files in one file, as one `from: OR to:` search would return them.
    private func oneFile(holding files: [String]) throws -> String {
        let statuses = try files.flatMap { try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: $0))) as! [Any] }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("split-thread-\(UUID().uuidString).json").path
        try JSONSerialization.data(withJSONObject: statuses).write(to: URL(fileURLWithPath: path))
        return path
    }
}
