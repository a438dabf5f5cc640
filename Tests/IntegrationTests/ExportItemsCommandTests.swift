import Foundation
import XCTest

/// `civicpulse export items` through the built command, over the fixture week and the web chat
/// conversations of Tests/IntegrationTests/Fixtures/README.md (`webchat-resolutions.csv`).
final class ExportItemsCommandTests: WebchatWeekTestCase {
    /// The counts and medians worked out from the rows are the `sla` report's and the dashboard's
    /// total's, whatever they are.
    func testFiguresFromTheRowsAreTheSLAReportsAndTheDashboards() throws {
        let rows = try jsonLines(week)
        let csv = CSVTable(try civicpulse(["export", "items"] + week))
        XCTAssertEqual(csv.rows.count, rows.count)
        let responses = rows.compactMap { $0["first_response_seconds"] as? Double }
        XCTAssertEqual(csv.column("first_response_seconds").compactMap(Double.init), responses)
        let sla = try XCTUnwrap(try object(try civicpulse(["sla", "--format", "json"] + week))["stats"] as? [String: Any])
        let dashboard = try XCTUnwrap(try object(try civicpulse(["dashboard", "--format", "json"] + week))["total"] as? [String: Any])
        for (report, stats) in [("sla", sla), ("dashboard", dashboard)] {
            XCTAssertEqual(rows.count, stats["inbound"] as? Int, report)
            XCTAssertEqual(responses.count, stats["answered"] as? Int, report)
            XCTAssertEqual(median(responses), try XCTUnwrap(stats["median_first_response_seconds"] as? Double), accuracy: 1e-6, report)
            XCTAssertEqual(responses.reduce(0, +) / Double(responses.count), try XCTUnwrap(stats["mean_first_response_seconds"] as? Double), accuracy: 1e-6, report)
            XCTAssertEqual(median(rows.compactMap { $0["first_response_business_seconds"] as? Double }),
                           try XCTUnwrap(stats["median_business_response_seconds"] as? Double), accuracy: 1e-6, report)
            let statuses = rows.map { $0["status"] as? String }
            XCTAssertEqual(statuses.filter { $0 == "breached" || $0 == "open_breached" }.count, stats["breached"] as? Int, report)
            XCTAssertEqual(statuses.filter { $0 == "met" }.count, stats["within_target"] as? Int, report)
            XCTAssertEqual(rows.filter { $0["first_response_at"] is NSNull }.count, stats["open"] as? Int, report)
            XCTAssertEqual(statuses.filter { $0 == "at_risk" }.count, stats["at_risk"] as? Int, report)
        }
    }

    /// The web chat conversations, worked out by hand (Fixtures/README.md).
    func testEachItemsResolutionIsTheHandComputedOne() throws {
        let rows = Dictionary(uniqueKeysWithValues: try jsonLines(week + ["--channel", "webchat"]).map { ($0["platform_id"] as? String ?? "", $0) })
        XCTAssertEqual(Set(rows.keys), ["wc-9201", "wc-9203", "wc-9211", "wc-9221", "wc-9231"])
        func resolution(_ id: String) -> [String?] {
            ["state", "resolved_at", "resolution_seconds", "resolution_business_seconds", "council_replies", "resolved_at_first_contact"].map { key in
                rows[id]?[key].flatMap { $0 is NSNull ? nil : "\($0)" }
            }
        }
        XCTAssertEqual(resolution("wc-9201"), ["resolved", "2026-11-17T11:00:00Z", "7200", "7200", "2", "0"], "answered, followed up, answered again")
        XCTAssertEqual(resolution("wc-9203"), ["resolved", "2026-11-17T11:00:00Z", "3600", "3600", "1", "1"], "the follow-up, answered once")
        XCTAssertEqual(resolution("wc-9211"), ["resolved", "2026-11-17T10:15:00Z", "900", "900", "1", "1"])
        XCTAssertEqual(resolution("wc-9221"), ["unanswered", nil, nil, nil, nil, "0"])
        XCTAssertEqual(resolution("wc-9231"), ["answered", nil, nil, nil, nil, "0"], "answered Saturday noon: 36 hours before the period ends")

        let later = try jsonLines(week + ["--channel", "webchat", "--as-of", "2026-11-23T12:00:00Z"]).first { $0["platform_id"] as? String == "wc-9231" }
        XCTAssertEqual(later?["state"] as? String, "resolved", "48 hours after the answer, nothing more from the resident")
        XCTAssertEqual(later?["resolution_seconds"] as? Double, 4 * 86_400)
        XCTAssertEqual(later?["resolution_business_seconds"] as? Double, 5 * 3600 + 3 * 8 * 3600, "Tue 12:00 to Sat 12:00 in office hours: 5h + 3 × 8h")
    }

    /// Across the August bank holiday and the clocks going back (Fixtures/README.md): business
    /// time skips the holiday; the quiet period is elapsed time, whatever the clocks say.
    func testResolutionAcrossABankHolidayAndTheClocksGoingBack() throws {
        let rows = Dictionary(uniqueKeysWithValues: try jsonLines(["--from", "2026-08-28", "--to", "2026-10-31", "--channel", "webchat"])
            .map { ($0["platform_id"] as? String ?? "", $0) })
        XCTAssertEqual(rows["wc-9301"]?["resolved_at"] as? String, "2026-09-01T09:00:00Z")
        XCTAssertEqual(rows["wc-9301"]?["resolution_seconds"] as? Double, 90 * 3600, "Fri 16:00 BST to Tue 10:00 BST")
        XCTAssertEqual(rows["wc-9301"]?["resolution_business_seconds"] as? Double, 2 * 3600, "Fri 16:00–17:00 and Tue 09:00–10:00: Monday was a bank holiday")
        XCTAssertEqual(rows["wc-9301"]?["council_replies"] as? Int, 2)

        XCTAssertEqual(rows["wc-9311"]?["resolved_at"] as? String, "2026-10-24T09:00:00Z",
                       "Sat 10:00 BST to Mon 09:30 GMT is 47½ hours on the wall clock but 48½ elapsed: the thanks came after the quiet period")
        XCTAssertEqual(rows["wc-9311"]?["resolution_business_seconds"] as? Double, 0, "answered on a Saturday")
        XCTAssertEqual(rows["wc-9311"]?["resolved_at_first_contact"] as? Bool, true)
        XCTAssertEqual(rows["wc-9313"]?["state"] as? String, "unanswered", "the question after the quiet period is a new one")
    }

    /// A link with a comma, quotes, a line break or a formula stays one field, read back as it was.
    func testCSVQuotesEveryAwkwardFieldAndDefusesFormulas() throws {
        let csv = CSVTable(try civicpulse(["export", "items", "--channel", "webchat"] + week))
        XCTAssertEqual(csv.header, ["item_id", "service", "channel", "account", "priority", "opened_at", "first_response_at",
                                    "first_response_seconds", "first_response_business_seconds", "sla_target", "due_at", "status", "state",
                                    "resolved_at", "resolution_seconds", "resolution_business_seconds", "council_replies",
                                    "resolved_at_first_contact", "platform_id", "url"])
        XCTAssertEqual(Set(csv.column("url")), [
            "https://chat.harbourside.example/s/921?a=1,b=2", "", "https://chat.harbourside.example/s/\"922\"",
            "https://chat.harbourside.example/s/923\nsecond-line", "'=HYPERLINK(\"https://evil.example\",\"x\")",
        ])
        XCTAssertEqual(csv.rows.map(\.count), Array(repeating: csv.header.count, count: 5))
    }

    func testOutputGoesToAPathWithSpacesAndQuotesAndIsNotReplacedWithoutForce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export \"items\" \(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("week 47's \"items\".csv").path

        XCTAssertEqual(try civicpulse(["export", "items", "--output", file] + week), "")
        let written = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertEqual(written, try civicpulse(["export", "items"] + week))

        let again = try run(["export", "items", "-q", "--pipeline", pipeline.path, "--output", file, "--from", "2026-11-23", "--to", "2026-11-23"])
        XCTAssertEqual(again.status, 64)
        XCTAssertEqual(again.err, "Error: --output '\(file)' exists: add --force to replace it\n")
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), written, "the first export is kept")

        _ = try civicpulse(["export", "items", "--output", file, "--force", "--from", "2026-11-23", "--to", "2026-11-23"])
        XCTAssertNotEqual(try String(contentsOfFile: file, encoding: .utf8), written)
    }

}
