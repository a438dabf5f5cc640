import Foundation
import XCTest

/// `sla.out_of_hours_answer` through the built command, on the chats of
/// `Fixtures/webchat-out-of-hours.csv`, worked out by hand in Fixtures/README.md: an answer given
/// before the service next opened counts 0 s on the business clock (`zero`, the default) or its
/// elapsed time (`elapsed`), the same in `sla`, `export items`, `report foi` and
/// `analytics.response_items`.
final class OutOfHoursAnswerTests: DatabaseTestCase {
    let period = ["--from", "2026-08-24", "--to", "2026-11-29"]
    var elapsed: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        let example = try String(contentsOf: Fixtures.root.appendingPathComponent("pipelines/example-council.yaml"), encoding: .utf8)
        XCTAssertTrue(example.contains("\nsla:\n"), "the example pipeline's sla section")
        elapsed = FileManager.default.temporaryDirectory.appendingPathComponent("elapsed-\(UUID().uuidString).yaml")
        try example.replacingOccurrences(of: "\nsla:\n", with: "\nsla:\n  out_of_hours_answer: elapsed\n")
            .write(to: elapsed, atomically: true, encoding: .utf8)
        let chat = try run(["ingest", "-q", "--mapping", "webchat", Fixtures.path("webchat-out-of-hours.csv")])
        XCTAssertEqual(chat.status, 0, chat.err)
        XCTAssertEqual(try run(["process", "-q"]).status, 0)
    }

    override func tearDown() {
        if let elapsed { try? FileManager.default.removeItem(at: elapsed) }
        super.tearDown()
    }

    /// The business seconds of each chat's question, by its message id, as the export writes them.
    private func exported(_ pipeline: [String]) throws -> [String: Double] {
        let out = try civicpulse(["export", "items", "--format", "jsonl"] + period + pipeline)
        return Dictionary(uniqueKeysWithValues: try out.split(separator: "\n").map { line in
            let row = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return (row["platform_id"] as? String ?? "", try XCTUnwrap(row["first_response_business_seconds"] as? Double, "\(row)"))
        })
    }

    /// The business seconds of every reply (here each chat's one question), sorted, as
    /// `export replies`, the total of `sla`'s "Every reply" JSON and `analytics.replies` give them.
    private func replies(_ pipeline: [String]) throws -> (exported: [Double], median: Double?, view: [Double]) {
        let out = try civicpulse(["export", "replies", "--format", "jsonl"] + period + pipeline)
        let exported = try out.split(separator: "\n").map { line in
            try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["business_reply_seconds"] as? Double, String(line))
        }
        let total = (try json(["sla"] + period + pipeline)["replies"] as? [[String: Any]])?.last
        let view = try database.connect().query("SELECT business_reply_seconds FROM analytics.replies").map { try $0.decode(Double.self, 0) }
        return (exported.sorted(), total?["median_business_reply_seconds"] as? Double, view.sorted())
    }

    /// The business seconds of the answer `resident export` shows for a chat's visitor.
    private func residentAnswer(_ visitor: String, _ pipeline: [String]) throws -> Double? {
        let record = try json(["resident", "export", "--platform", "webchat", "--user-id", visitor] + pipeline)
        let message = (record["messages"] as? [[String: Any]])?.first
        return ((message?["item"] as? [String: Any])?["answer"] as? [String: Any])?["business_seconds"] as? Double
    }

    private func civicpulse(_ arguments: [String]) throws -> String {
        let result = try run(arguments + ["-q"])
        XCTAssertEqual(result.status, 0, "\(arguments): \(result.err)")
        return result.out
    }

    private func businessLine(_ pipeline: [String]) throws -> String {
        let text = try civicpulse(["sla"] + period + pipeline)
        return String(try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("First response (business hours)") }, text))
    }

    private func json(_ arguments: [String]) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try civicpulse(arguments + ["--format", "json"]).utf8)) as? [String: Any])
    }

    /// What the analysts' view says, by the question's platform id.
    private func analystView() throws -> [String: Double] {
        let rows = try database.connect().query("""
            SELECT i.source_id, r.business_response_seconds
            FROM analytics.response_items r JOIN (SELECT i.*, e.source_id FROM projections.response_items i JOIN civicpulse.events e ON e.event_id = i.item_id) i USING (item_id)
            """)
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(String.self, 0), try $0.decode(Double.self, 1)) })
    }

    func testByDefaultAnAnswerBeforeTheNextOpeningTakesNoBusinessTime() throws {
        let expected: [String: Double] = ["wc-7101": 0, "wc-7201": 1800, "wc-7301": 0, "wc-7401": 900, "wc-7501": 0]
        XCTAssertEqual(try exported([]), expected)
        XCTAssertEqual(try analystView(), expected)
        let replies = try replies([])
        XCTAssertEqual(replies.exported, expected.values.sorted(), "each chat's one reply is its first response")
        XCTAssertEqual(replies.median, 0)
        XCTAssertEqual(replies.view, expected.values.sorted())
        XCTAssertEqual(try residentAnswer("visitor-7101", []), 0)
        XCTAssertEqual(try businessLine([]), "First response (business hours): median 0s; 3 of 5 answers came while the service was closed, "
            + "taking no business time (sla.out_of_hours_answer: zero)")
        let sla = try json(["sla"] + period)
        XCTAssertEqual(sla["out_of_hours_answer"] as? String, "zero")
        XCTAssertEqual((sla["stats"] as? [String: Any])?["median_business_response_seconds"] as? Double, 0)
    }

    /// With `elapsed`, the Saturday answer counts its 90 minutes, the bank-holiday weekend's its
    /// 50 hours and the clock change's its 25 real hours; answers after an opening are unchanged.
    /// Reports read the pipeline, so they change at once; the analysts' view once `process` has
    /// read it.
    func testWithElapsedAnAnswerBeforeTheNextOpeningCountsItsElapsedTime() throws {
        let pipeline = ["--pipeline", elapsed.path]
        let expected: [String: Double] = ["wc-7101": 5400, "wc-7201": 1800, "wc-7301": 180_000, "wc-7401": 900, "wc-7501": 90000]
        XCTAssertEqual(try exported(pipeline), expected)
        let replies = try replies(pipeline)
        XCTAssertEqual(replies.exported, expected.values.sorted(), "every reply follows the rule as first responses do")
        XCTAssertEqual(replies.median, 5400)
        XCTAssertEqual(try residentAnswer("visitor-7101", pipeline), 5400)
        XCTAssertEqual(try businessLine(pipeline), "First response (business hours): median 1h 30m; 3 of 5 answers came while the service was closed, "
            + "counting their elapsed time (sla.out_of_hours_answer: elapsed)")
        let sla = try json(["sla"] + period + pipeline)
        XCTAssertEqual(sla["out_of_hours_answer"] as? String, "elapsed")
        let stats = try XCTUnwrap(sla["stats"] as? [String: Any])
        XCTAssertEqual(stats["median_business_response_seconds"] as? Double, 5400)
        XCTAssertEqual(stats["answered_in_closed_hours"] as? Int, 3)
        let foi = try XCTUnwrap(try json(["report", "foi"] + period + pipeline)["figures"] as? [String: Any])
        XCTAssertEqual(foi["median_first_response_business_seconds"] as? Double, 5400)
        XCTAssertTrue(try civicpulse(["report", "foi"] + period + pipeline).contains(
            "median 1h 30m counting only opening hours (an answer given before the service opened counts its elapsed time)"))

        XCTAssertEqual(try analystView()["wc-7101"], 0, "the processor last read the default")
        XCTAssertEqual(try run(["process", "-q"] + pipeline).status, 0)
        XCTAssertEqual(try analystView(), expected)
        XCTAssertEqual(try self.replies(pipeline).view, expected.values.sorted())
    }
}
