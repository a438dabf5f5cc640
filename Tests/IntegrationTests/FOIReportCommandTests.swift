import Foundation
import XCTest

/// `civicpulse report foi` through the built command: each figure is the `sla` report's where
/// they overlap and the export's rows' otherwise, whatever the data holds.
final class FOIReportCommandTests: WebchatWeekTestCase {
    func testEveryFigureIsTheSLAReportsAndTheExportsForThePeriod() throws {
        let foi = try object(try civicpulse(["report", "foi", "--format", "json"] + week))
        let figures = try XCTUnwrap(foi["figures"] as? [String: Any])
        let stats = try XCTUnwrap(try object(try civicpulse(["sla", "--format", "json"] + week))["stats"] as? [String: Any])
        let rows = try jsonLines(week)

        XCTAssertEqual(figures["items"] as? Int, stats["inbound"] as? Int)
        XCTAssertEqual(figures["answered"] as? Int, stats["answered"] as? Int)
        for (mine, theirs) in [("mean_first_response_seconds", "mean_first_response_seconds"), ("median_first_response_seconds", "median_first_response_seconds"),
                               ("median_first_response_business_seconds", "median_business_response_seconds")] {
            XCTAssertEqual(try XCTUnwrap(figures[mine] as? Double), try XCTUnwrap(stats[theirs] as? Double), accuracy: 1e-6, mine)
        }

        let resolutions = rows.compactMap { $0["resolution_seconds"] as? Double }
        XCTAssertEqual(figures["resolved"] as? Int, resolutions.count)
        XCTAssertEqual(figures["still_open"] as? Int, rows.count - resolutions.count)
        XCTAssertEqual(figures["unanswered"] as? Int, rows.filter { $0["state"] as? String == "unanswered" }.count)
        XCTAssertEqual(figures["resolved_at_first_contact"] as? Int, rows.filter { $0["resolved_at_first_contact"] as? Bool == true }.count)
        XCTAssertEqual(try XCTUnwrap(figures["mean_resolution_seconds"] as? Double), resolutions.reduce(0, +) / Double(resolutions.count), accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(figures["median_resolution_seconds"] as? Double), median(resolutions), accuracy: 1e-6)
        let channels = try XCTUnwrap(figures["channels"] as? [[String: Any]])
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: channels.map { ($0["channel"] as? String ?? "", $0["items"] as? Int ?? 0) }),
                       Dictionary(grouping: rows, by: { $0["channel"] as? String ?? "" }).mapValues(\.count))
        let asOf = try XCTUnwrap(ISO8601DateFormatter().date(from: "2026-11-23T00:00:00Z"))
        let waits = rows.map { row in
            row["first_response_seconds"] as? Double
                ?? asOf.timeIntervalSince(ISO8601DateFormatter().date(from: row["opened_at"] as? String ?? "") ?? asOf)
        }
        XCTAssertEqual(figures["longest_wait_seconds"] as? Double, waits.max())
    }

    /// A period before the data has no figures (unknown, not zero) in any format, and says so.
    func testAPeriodWithNoRecordedDataHasNoFigures() throws {
        let before = ["--from", "2026-01-05", "--to", "2026-01-11"]
        let foi = try object(try civicpulse(["report", "foi", "--format", "json"] + before))
        XCTAssertTrue(foi["figures"] is NSNull, "\(foi)")
        let text = try civicpulse(["report", "foi"] + before)
        XCTAssertFalse(text.contains("Enquiries received"), text)
        XCTAssertEqual(text, try civicpulse(["report", "foi"] + before), "the same page twice")
        XCTAssertNotEqual(text, try civicpulse(["report", "foi"] + week))
    }

    /// The page an officer pastes, in text and Markdown.
    func testTheTextAnswersEachQuestionOnALine() throws {
        let text = try civicpulse(["report", "foi"] + week)
        let figures = try XCTUnwrap(try object(try civicpulse(["report", "foi", "--format", "json"] + week))["figures"] as? [String: Any])
        XCTAssertTrue(text.hasPrefix("Harbourside Borough Council — customer service on social media (FOI), 2026-11-16 to 2026-11-22 (Europe/London)"), text)
        XCTAssertTrue(text.contains("\nEnquiries received: \(figures["items"] as? Int ?? -1) ("), text)
        XCTAssertTrue(text.contains("(resolved: the resident did not write again within 48 hours of the council's last reply)"), text)
        XCTAssertTrue(text.contains("\nService hours:\n  Customer services: mon-fri 09:00-17:00, closed on bank holidays\n"), text)
        XCTAssertTrue(text.contains("\n  Libraries: mon-fri 09:00-18:00; sat 09:00-13:00, closed on bank holidays\n"), text)

        let markdown = try civicpulse(["report", "foi", "--format", "markdown"] + week)
        XCTAssertTrue(markdown.hasPrefix("# Harbourside Borough Council — customer service on social media (FOI)\n"), markdown)
        XCTAssertTrue(markdown.contains("\n- **Resolved at first contact**: "), markdown)
        XCTAssertTrue(markdown.hasSuffix("\n  - Schools and admissions: mon-fri 09:00-17:00, closed on bank holidays\n"), markdown)
    }
}
