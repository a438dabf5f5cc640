import Foundation
import XCTest

/// Durations to the millisecond, as the instants written beside them (docs/calendars-and-sla.md,
/// "Exact durations"), through the built command: an item opened at 09:00:00.700 and answered at
/// 16:16:10 waited 26,169.3 s in the export's CSV and JSON, in `sla` and in the analysts' view,
/// not 26169.299999952316, and the instants carry their milliseconds
/// (Tests/IntegrationTests/Fixtures/README.md, `webchat-milliseconds.csv`).
final class ExactDurationsCommandTests: WebchatWeekTestCase {
    private let day = ["--from", "2026-12-01", "--to", "2026-12-01", "--as-of", "2026-12-04T00:00:00Z"]

    override func setUpWithError() throws {
        try super.setUpWithError()
        let chat = try run(["ingest", "-q", "--pipeline", pipeline.path, "--mapping", "webchat", Fixtures.path("webchat-milliseconds.csv")])
        XCTAssertEqual(chat.status, 0, chat.err)
        XCTAssertEqual(try run(["process", "-q", "--pipeline", pipeline.path]).status, 0)
    }

    func testADurationRecomputedFromTheExportedInstantsIsTheExportedDuration() throws {
        let row = try XCTUnwrap(try jsonLines(day).first)
        XCTAssertEqual(row["opened_at"] as? String, "2026-12-01T09:00:00.700Z")
        XCTAssertEqual(row["first_response_at"] as? String, "2026-12-01T16:16:10Z")
        let opened = try millis(row["opened_at"]), answered = try millis(row["first_response_at"]), resolved = try millis(row["resolved_at"])
        XCTAssertEqual(row["first_response_seconds"] as? Double, Double(answered - opened) / 1000)
        XCTAssertEqual(row["first_response_seconds"] as? Double, 26_169.3)
        XCTAssertEqual(row["resolution_seconds"] as? Double, Double(resolved - opened) / 1000)
        XCTAssertEqual(row["first_response_business_seconds"] as? Double, 26_169, "whole working seconds")

        let csv = CSVTable(try civicpulse(["export", "items"] + day))
        XCTAssertEqual(csv.column("opened_at"), ["2026-12-01T09:00:00.700Z"])
        XCTAssertEqual(csv.column("first_response_seconds"), ["26169.3"])
        XCTAssertEqual(csv.column("resolution_seconds"), ["26169.3"])
        let replies = CSVTable(try civicpulse(["export", "replies"] + day))
        XCTAssertEqual(replies.column("reply_seconds"), ["26169.3"])
    }

    func testTheReportsAndTheViewGiveTheSameExactDuration() throws {
        let sla = try object(try civicpulse(["sla", "--format", "json"] + day))
        let stats = try XCTUnwrap(sla["stats"] as? [String: Any])
        XCTAssertEqual(stats["mean_first_response_seconds"] as? Double, 26_169.3)
        XCTAssertEqual((sla["resolution"] as? [[String: Any]])?.last?["mean_resolution_seconds"] as? Double, 26_169.3)
        let view = try database.connect().query("SELECT response_seconds, resolution_seconds FROM analytics.response_items WHERE opened_date = '2026-12-01'")
            .map { [try $0.decode(Double?.self, 0), try $0.decode(Double?.self, 1)] }
        XCTAssertEqual(view, [[26_169.3, 26_169.3]])
        let replies = try database.connect().query("SELECT reply_seconds FROM analytics.replies WHERE sent_at >= '2026-12-01'").map { try $0.decode(Double.self, 0) }
        XCTAssertEqual(replies, [26_169.3])
    }

    /// Before its answer the item is the longest unanswered wait, 09:00:00.700 to noon: 10,799.3 s
    /// in report foi, not the float difference of the two instants.
    func testFOILongestUnansweredWaitIsExact() throws {
        let beforeAnswer = ["--from", "2026-12-01", "--to", "2026-12-01", "--as-of", "2026-12-01T12:00:00Z"]
        let figures = try XCTUnwrap(try object(try civicpulse(["report", "foi", "--format", "json"] + beforeAnswer))["figures"] as? [String: Any])
        XCTAssertEqual(figures["longest_wait_unanswered"] as? Bool, true)
        XCTAssertEqual(figures["longest_wait_seconds"] as? Double, 10_799.3)
    }

    /// The instant an exported field names, in whole milliseconds since 1970, read from its text.
    private func millis(_ field: Any?) throws -> Int64 {
        let text = try XCTUnwrap(field as? String)
        let parser = ISO8601DateFormatter()
        parser.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return Int64((try XCTUnwrap(parser.date(from: text), text).timeIntervalSince1970 * 1000).rounded())
    }
}
