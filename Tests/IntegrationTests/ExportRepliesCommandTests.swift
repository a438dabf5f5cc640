import Foundation
import XCTest

/// `civicpulse export replies` and `sla`'s "Every reply" through the built command, over the
/// fixture week and the web chat conversations of Tests/IntegrationTests/Fixtures/README.md
/// (`webchat-resolutions.csv`), worked out by hand.
final class ExportRepliesCommandTests: WebchatWeekTestCase {
    private func replies(_ arguments: [String]) throws -> [[String: Any]] {
        try civicpulse(["export", "replies", "--format", "jsonl"] + arguments).split(separator: "\n").map {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// p90 interpolated as PostgreSQL's `percentile_cont(0.9)`.
    private func p90(_ values: [Double]) -> Double {
        let sorted = values.sorted(), rank = 0.9 * Double(sorted.count - 1)
        let low = Int(rank.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (rank - Double(low)) * (sorted[high] - sorted[low])
    }

    /// The count, mean, median and p90 on both clocks worked out from the rows are `sla`'s, per
    /// service and channel and in all; CSV and JSON Lines hold the same rows.
    func testFiguresFromTheRowsAreTheSLAReports() throws {
        let rows = try replies(week)
        let csv = CSVTable(try civicpulse(["export", "replies"] + week))
        XCTAssertEqual(csv.header, ["message_id", "item_id", "service", "channel", "account", "priority", "item_opened_at", "sent_at",
                                    "replied_at", "reply_seconds", "business_reply_seconds", "first_of_item", "responder_account"])
        XCTAssertEqual(csv.column("message_id"), rows.map { $0["message_id"] as? String ?? "" })
        let sla = try object(try civicpulse(["sla", "--format", "json"] + week))
        let figures = try XCTUnwrap(sla["replies"] as? [[String: Any]])
        XCTAssertGreaterThan(figures.count, 2, "a row per service and channel, then the total")
        for group in figures {
            let (service, channel) = (group["service"] as? String, group["channel"] as? String)
            let mine = rows.filter { service == nil || ($0["service"] as? String == service && $0["channel"] as? String == channel) }
            XCTAssertEqual(mine.count, group["replies"] as? Int, "\(group)")
            for (key, clock) in [("reply_seconds", ""), ("business_reply_seconds", "business_")] {
                let times = mine.compactMap { $0[key] as? Double }
                XCTAssertEqual(times.reduce(0, +) / Double(times.count), try XCTUnwrap(group["mean_\(clock)reply_seconds"] as? Double), accuracy: 1e-6)
                XCTAssertEqual(median(times), try XCTUnwrap(group["median_\(clock)reply_seconds"] as? Double), accuracy: 1e-6)
                XCTAssertEqual(p90(times), try XCTUnwrap(group["p90_\(clock)reply_seconds"] as? Double), accuracy: 1e-6)
            }
        }
        let firsts = rows.filter { $0["first_of_item"] as? Bool == true }.compactMap { $0["reply_seconds"] as? Double }
        let items = try jsonLines(week).compactMap { $0["first_response_seconds"] as? Double }
        XCTAssertEqual(firsts.sorted(), items.sorted(), "each item's first reply is its first response")
        XCTAssertGreaterThan(rows.count, firsts.count, "and some items have more than one message answered")
    }

    /// An analyst's query of analytics.replies, as docs/analysts.md gives it, finds `sla`'s
    /// figures: the week's replies are those of items opened in it (local weeks: GMT in November),
    /// answered by its end.
    func testTheAnalystViewGivesTheSLAReportsFigures() throws {
        let total = try XCTUnwrap((try object(try civicpulse(["sla", "--format", "json"] + week))["replies"] as? [[String: Any]])?.last)
        let row = try database.connect().query("""
            SELECT count(*), avg(reply_seconds), percentile_cont(0.5) WITHIN GROUP (ORDER BY reply_seconds),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY reply_seconds), avg(business_reply_seconds),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY business_reply_seconds),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY business_reply_seconds), count(*) FILTER (WHERE first_of_item)
            FROM analytics.replies
            WHERE org = 'harbourside' AND item_opened_at >= '2026-11-16T00:00:00Z' AND item_opened_at < '2026-11-23T00:00:00Z'
              AND replied_at <= '2026-11-23T00:00:00Z'
            """)[0]
        XCTAssertEqual(try row.decode(Int.self, 0), total["replies"] as? Int)
        for (column, key) in [(1, "mean_reply_seconds"), (2, "median_reply_seconds"), (3, "p90_reply_seconds"),
                              (4, "mean_business_reply_seconds"), (5, "median_business_reply_seconds"), (6, "p90_business_reply_seconds")] {
            XCTAssertEqual(try row.decode(Double.self, column), try XCTUnwrap(total[key] as? Double), accuracy: 1e-6, key)
        }
        let stats = try XCTUnwrap((try object(try civicpulse(["sla", "--format", "json"] + week))["stats"] as? [String: Any]))
        XCTAssertEqual(try row.decode(Int.self, 7), stats["answered"] as? Int, "one first reply per answered item")
    }

    /// The week's web chat: a conversation's second item (wc-9203) has its own reply; `sla`
    /// says the same in text.
    func testTheWeeksChatRepliesAreTheHandComputedOnes() throws {
        let rows = try replies(week + ["--channel", "webchat"])
        let times = rows.map { [$0["reply_seconds"] as? Double ?? 0, $0["business_reply_seconds"] as? Double ?? 0] }
        XCTAssertEqual(times.sorted { $0[0] < $1[0] }, [[900, 900], [1800, 1800], [3600, 3600], [345_600, 104_400]],
                       "wc-9211, wc-9201, its follow-up wc-9203, and wc-9231 answered Saturday (Tue 12:00–17:00 and Wed–Fri 8 h each)")
        let text = try civicpulse(["sla", "--channel", "webchat"] + week)
        let lines = text.split(separator: "\n").map(String.init)
        let heading = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("Every reply") }, text)
        XCTAssertEqual(lines[heading + 1].split(separator: " ", omittingEmptySubsequences: true).prefix(3), ["Service", "Channel", "Replies"])
        let total = lines[(heading + 3)...].first { $0.hasPrefix("all") }
        XCTAssertEqual(total?.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " "),
                       "all all 4 1d 0h 45m 2d 19h 7h 41m 45m 20h 36m",
                       "mean 87,975 s, median 2,700 s, p90 243,000 s; business 27,675 s, 2,700 s, 74,160 s\n\(text)")
    }

    /// Across the August bank holiday: the follow-up's reply skips Monday 31 August in business
    /// time; the answered message of Saturday takes none.
    func testRepliesAcrossTheAugustBankHoliday() throws {
        let rows = try replies(["--from", "2026-08-28", "--to", "2026-10-31", "--channel", "webchat"])
        XCTAssertEqual(rows.map { [$0["sent_at"] as? String, $0["replied_at"] as? String] }, [
            ["2026-08-28T15:00:00Z", "2026-08-28T15:30:00Z"], ["2026-08-28T15:40:00Z", "2026-09-01T09:00:00Z"],
            ["2026-10-24T08:30:00Z", "2026-10-24T09:00:00Z"],
        ], "wc-9313 is never answered: no reply")
        XCTAssertEqual(rows.map { [$0["reply_seconds"] as? Double, $0["business_reply_seconds"] as? Double] }, [
            [1800, 1800], [321_600, 4800], [1800, 0],
        ], "Fri 16:40 BST to Tue 10:00 BST is 89 h 20 m; 20 + 60 working minutes, Monday a bank holiday; Saturday is closed")
        XCTAssertEqual(rows.map { $0["first_of_item"] as? Bool }, [true, true, true], "each chat message after an answer opens an item")
    }

    func testAnExistingOutputFileIsRefusedWithoutForce() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("replies-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertEqual(try run(["export", "replies", "-q", "--pipeline", pipeline.path, "--output", file.path] + week).status, 0)
        let again = try run(["export", "replies", "-q", "--pipeline", pipeline.path, "--output", file.path] + week)
        XCTAssertEqual(again.status, 64, again.err)
        XCTAssertTrue(again.err.contains("--output"), again.err)
        XCTAssertTrue(try String(contentsOf: file, encoding: .utf8).hasPrefix("message_id,item_id,"), "the first export is kept")
    }
}
