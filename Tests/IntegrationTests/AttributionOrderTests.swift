import Foundation
import Postgres
import XCTest

/// Issue 19, item 6: the first file to arrive does not decide forever. A later reading of an
/// event that names what the first left unknown (the channel's account, a reply's thread and
/// addressee) corrects it, so the figures are the same whatever the order of files
/// (Fixtures/README.md), and a rebuild gives what incremental processing gave.
final class AttributionOrderTests: DatabaseTestCase {
    private let threads = Fixtures.path("youtube-comment-threads-council-video.json")
    private let commentsList = Fixtures.path("youtube-comments-list-same-thread.json")
    private let withParent = Fixtures.path("facebook-comments-with-parent.json")
    private let withoutParent = Fixtures.path("facebook-comments-without-parent.json")

    func testAYouTubeCommentListedWithoutItsChannelLandsOnTheChannelWhicheverFileCameFirst() throws {
        let reference = try figures(ingesting: [threads], channel: "youtube", in: database)
        let stats = try Self.stats(reference.sla)
        XCTAssertEqual(stats["inbound"] as? Int, 2, "Ann's comment and Bea's")
        XCTAssertEqual(stats["answered"] as? Int, 1, "the council answered Ann, not Bea")

        let other = try TestDatabase()
        defer { other.drop() }
        let reversed = try figures(ingesting: [commentsList, threads], channel: "youtube", in: other)
        XCTAssertEqual(reversed.sla, reference.sla, "sla: comments.list first")
        XCTAssertEqual(reversed.dashboard, reference.dashboard, "dashboard: comments.list first")
        XCTAssertEqual(reversed.lines[1].contains("3 already in the log, 3 corrected"), true, reversed.lines[1])
        XCTAssertEqual(try Self.servicesOfItems(other), ["waste", "waste"], "routed from the channel's central account, not unassigned")
        let analysts = try other.connect().query("SELECT DISTINCT kind || ' ' || account || ' ' || service FROM analytics.events ORDER BY 1")
            .map { try $0.decode(String.self, 0) }
        XCTAssertEqual(analysts, ["comment harbourside_youtube waste", "reply harbourside_youtube customer_services"],
                       "analysts see each event as corrected, and no correction rows")
        XCTAssertEqual(try Self.analystsItems(other), ["harbourside_youtube waste 2400", "harbourside_youtube waste -"],
                       "the analysts' recount agrees with sla")

        let forward = try figures(ingesting: [threads, commentsList], channel: "youtube", in: database)
        XCTAssertEqual(forward.sla, reference.sla, "sla: commentThreads first")
        XCTAssertTrue(forward.lines[1].contains("3 already in the log, 0 records"), forward.lines[1])

        let again = try figures(ingesting: [commentsList, threads], channel: "youtube", in: other)
        XCTAssertTrue(again.lines.allSatisfy { $0.contains("0 events appended") && !$0.contains("corrected") }, "\(again.lines)")
        XCTAssertEqual(again.sla, reference.sla)
    }

    func testAFacebookReplyOnAPageWithoutItsParentAnswersOnlyTheCommentItSitsUnder() throws {
        let reference = try figures(ingesting: [withParent], channel: "facebook", in: database)
        let stats = try Self.stats(reference.sla)
        XCTAssertEqual(stats["inbound"] as? Int, 2, "Ann's comment and Bea's")
        XCTAssertEqual(stats["answered"] as? Int, 1, "the reply under Ann's comment answers Ann only")
        XCTAssertEqual((stats["mean_first_response_seconds"] as? NSNumber)?.doubleValue, 2400)

        for order in [[withoutParent, withParent], [withParent, withoutParent]] {
            let other = try TestDatabase()
            defer { other.drop() }
            let got = try figures(ingesting: order, channel: "facebook", in: other)
            let names = order.map { URL(fileURLWithPath: $0).lastPathComponent }
            XCTAssertEqual(got.sla, reference.sla, "sla after \(names)")
            XCTAssertEqual(got.dashboard, reference.dashboard, "dashboard after \(names)")
            XCTAssertEqual(try Self.analystsItems(other), ["harbourside_facebook waste 2400", "harbourside_facebook libraries -"],
                           "the analysts' recount after \(names) agrees with sla")
        }
    }

    /// Corrections in the log: a rebuild at any batch size gives the projections incremental
    /// processing gave, file by file.
    func testARebuildEqualsIncrementalProcessingAfterCorrections() throws {
        _ = try figures(ingesting: [commentsList, withoutParent, threads, withParent], channel: "youtube", in: database)
        let incremental = try projectionDigests(database)
        for batchSize in ["1", "2", "25000"] {
            let rebuild = try run(["process", "-q", "--rebuild", "--batch-size", batchSize])
            XCTAssertEqual(rebuild.status, 0, rebuild.err)
            assertSameProjections(try projectionDigests(database), incremental, "rebuilt in batches of \(batchSize)")
        }
    }

    /// Ingests and processes each file in turn; the week's `sla` for `channel` and `dashboard` as
    /// JSON, and each ingest's line.
    private func figures(ingesting files: [String], channel: String, in database: TestDatabase) throws -> (sla: String, dashboard: String, lines: [String]) {
        var lines: [String] = []
        for file in files {
            lines.append(try database.civicpulse(["ingest", file]).split(separator: "\n").first.map(String.init) ?? "")
            _ = try database.civicpulse(["process", "-q"])
        }
        let week = ["--from", "2026-11-16", "--to", "2026-11-22", "--as-of", "2026-11-23T09:40:00Z", "--format", "json"]
        return (try database.civicpulse(["sla", "-q", "--channel", channel] + week), try database.civicpulse(["dashboard", "-q"] + week), lines)
    }

    private static func stats(_ sla: String) throws -> [String: Any] {
        try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(sla.utf8)) as? [String: Any])?["stats"] as? [String: Any])
    }

    /// `analytics.first_responses`, the analysts' independent recount: account, service and response seconds of each item.
    private static func analystsItems(_ database: TestDatabase) throws -> [String] {
        try database.connect().query("""
            SELECT account || ' ' || service || ' ' || coalesce(response_seconds::int::text, '-') FROM analytics.first_responses ORDER BY opened_at
            """).map { try $0.decode(String.self, 0) }
    }

    private static func servicesOfItems(_ database: TestDatabase) throws -> [String] {
        try database.connect().query("SELECT service FROM projections.response_items ORDER BY opened_at").map { try $0.decode(String.self, 0) }
    }
}
