import Foundation
import XCTest

/// `civicpulse summary` as a user and a cron job run it.
final class SummaryCommandTests: DatabaseTestCase {
    func testEveryFormatAndTheEmailFromTheCommandLine() throws {
        _ = try run(["ingest", "-q", Fixtures.path("harbourside-tweets.json"), Fixtures.path("harbourside-tweets-monday.json")])
        XCTAssertEqual(try run(["process", "-q"]).status, 0)

        let text = try run(["summary", "-q", "--week", "2026-W47"])
        XCTAssertEqual(text.status, 0, text.err)
        XCTAssertTrue(text.out.hasPrefix("Harbourside Borough Council — weekly summary\nWeek 2026-W47: 2026-11-16 to 2026-11-22\n"), text.out)
        XCTAssertTrue(text.out.contains("Questions received"), text.out)

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: file) }
        let html = try run(["summary", "-q", "--week", "2026-W47", "--format", "html", "--out", file.path])
        XCTAssertEqual(html.status, 0, html.err)
        XCTAssertEqual(html.out, "", "written to the file, not standard output")
        XCTAssertTrue(try String(contentsOf: file, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))

        let json = try run(["summary", "-q", "--week", "2026-W47", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [String: Any]
        XCTAssertEqual((object["total"] as! [String: Any])["inbound"] as? Int, 5)

        let mail = try run(["summary", "-q", "--week", "2026-W47", "--mail-to", "ceo@harbourside.example", "--mail-from", "reports@harbourside.example"])
        XCTAssertEqual(mail.status, 0, mail.err)
        XCTAssertTrue(mail.out.hasPrefix("From: reports@harbourside.example\r\nTo: ceo@harbourside.example\r\n"), mail.out)

        let bad = try run(["summary", "-q", "--week", "2026-W54"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.err.contains("--week '2026-W54' is not an ISO week"), bad.err)
    }
}
