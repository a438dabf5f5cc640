import Foundation
import XCTest

/// Classes of real payloads that were misread (issue 19), through `ingest`, `process` and `sla`
/// against a real PostgreSQL, as a council would meet them. Fixtures: Tests/IntegrationTests/Fixtures.
final class PayloadClassTests: DatabaseTestCase {
    func testDirectMessagesAreAnsweredPrivateMessagesOnTheirOwnChannel() throws {
        let ingest = try run(["ingest", "-q", Fixtures.path("twitter-dm-events.json")])
        XCTAssertEqual(ingest.status, 0, ingest.err)
        XCTAssertTrue(ingest.out.contains("read and ignored: 1 DM ParticipantsLeave events (not messages): 4 records read → 3 events appended, 0 already in the log, 0 records quarantined"), ingest.out)
        let stats = try slaStats(channel: "twitter_dm")
        XCTAssertEqual(stats["inbound"] as? Int, 2, "two residents wrote to the council")
        XCTAssertEqual(stats["answered"] as? Int, 1, "the council answered Ann's DM")
        XCTAssertEqual((stats["median_first_response_seconds"] as? NSNumber)?.doubleValue, 1800)
        XCTAssertEqual(try slaStats(channel: "twitter")["inbound"] as? Int, 0, "no DM is counted as a public tweet")
    }

    func testRepliesMarkedOnlyByRepliedToAnswerTheResidentsQuestions() throws {
        let ingest = try run(["ingest", "-q", Fixtures.path("twitter-replies-without-reply-to-user.json")])
        XCTAssertEqual(ingest.status, 0, ingest.err)
        let stats = try slaStats(channel: "twitter")
        XCTAssertEqual(stats["inbound"] as? Int, 2)
        XCTAssertEqual(stats["answered"] as? Int, 2, "the council's replies answer both residents")
        XCTAssertEqual((stats["mean_first_response_seconds"] as? NSNumber)?.doubleValue, 1350, "30 and 15 minutes")
    }

    func testAnInsightsBreakdownWithNoDataIsNotABadRecord() throws {
        let ingest = try run(["ingest", "-q", Fixtures.path("facebook-insights-empty-breakdowns.json")])
        XCTAssertEqual(ingest.status, 0, "no record needs a person's attention: \(ingest.err)")
        XCTAssertTrue(ingest.out.hasSuffix("; read and ignored: 1 Insights rows with no data: 2 records read → 2 events appended, 0 already in the log, 0 records quarantined\n"), ingest.out)
    }

    func testResidentsTalkingUnderAVisitorPostAwaitNothingFromTheCouncil() throws {
        let ingest = try run(["ingest", "-q", Fixtures.path("facebook-visitor-post-residents-talking.json")])
        XCTAssertEqual(ingest.status, 0, ingest.err)
        let stats = try slaStats(channel: "facebook")
        XCTAssertEqual(stats["inbound"] as? Int, 1, "only Alex's visitor post was addressed to the Page")
        XCTAssertEqual(stats["answered"] as? Int, 1)
        XCTAssertEqual(stats["breached"] as? Int, 0, "Bea's and Cal's chatter is not a breach")
        XCTAssertEqual(stats["open"] as? Int, 0)
    }

    func testAPipelineInUTCIsReportedInUTC() throws {
        let example = try String(contentsOf: Fixtures.root.appendingPathComponent("pipelines/example-council.yaml"), encoding: .utf8)
        XCTAssertTrue(example.contains("time_zone: Europe/London"))
        let pipeline = FileManager.default.temporaryDirectory.appendingPathComponent("utc-\(UUID().uuidString).yaml")
        try example.replacingOccurrences(of: "time_zone: Europe/London", with: "time_zone: UTC").write(to: pipeline, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: pipeline) }
        let sla = try run(["sla", "-q", "--pipeline", pipeline.path, "--from", "2026-11-16", "--to", "2026-11-22", "--as-of", "2026-11-23T09:40:00Z"])
        XCTAssertEqual(sla.status, 0, sla.err)
        XCTAssertTrue(sla.out.hasPrefix("Harbourside Borough Council — response SLAs, 2026-11-16 to 2026-11-22 (UTC), as of"), sla.out)
        for command in [["alerts", "--as-of", "2026-11-23T09:40:00Z"], ["sla", "--format", "json", "--from", "2026-11-16", "--to", "2026-11-22", "--as-of", "2026-11-23T09:40:00Z"]] {
            let report = try run([command[0], "-q", "--pipeline", pipeline.path] + command.dropFirst())
            // alerts on this empty database: nothing processed yet is cause to act (exit 2).
            XCTAssertEqual(report.status, command[0] == "alerts" ? 2 : 0, report.err)
            XCTAssertFalse(report.out.contains("GMT"), "\(command[0]): \(report.out)")
            XCTAssertTrue(report.out.contains("UTC"), "\(command[0]): \(report.out)")
        }
    }

    /// `sla`'s figures for the week of 16 November 2026 on one channel, after `process`.
    private func slaStats(channel: String) throws -> [String: Any] {
        let process = try run(["process", "-q"])
        XCTAssertEqual(process.status, 0, process.err)
        let sla = try run(["sla", "-q", "--channel", channel, "--from", "2026-11-16", "--to", "2026-11-22",
                           "--as-of", "2026-11-23T09:40:00Z", "--format", "json"])
        XCTAssertEqual(sla.status, 0, sla.err)
        let json = try JSONSerialization.jsonObject(with: Data(sla.out.utf8)) as! [String: Any]
        return json["stats"] as! [String: Any]
    }
}
