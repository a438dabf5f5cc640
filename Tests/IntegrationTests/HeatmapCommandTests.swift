import Foundation
import XCTest

/// `civicpulse heatmap` through the built command, on the chats of
/// `Fixtures/webchat-clock-changes.csv` and `Fixtures/webchat-out-of-hours.csv`, worked out by
/// hand in Fixtures/README.md: the hour is the local hour, so a 25-hour or 23-hour day moves no
/// count to a neighbouring hour.
final class HeatmapCommandTests: DatabaseTestCase {
    let october = ["--from", "2026-10-19", "--to", "2026-10-25"]
    let march = ["--from", "2026-03-23", "--to", "2026-03-29"]

    override func setUpWithError() throws {
        try super.setUpWithError()
        for file in ["webchat-clock-changes.csv", "webchat-out-of-hours.csv"] {
            let chat = try run(["ingest", "-q", "--mapping", "webchat", Fixtures.path(file)])
            XCTAssertEqual(chat.status, 0, chat.err)
        }
        XCTAssertEqual(try run(["process", "-q"]).status, 0)
    }

    private func civicpulse(_ arguments: [String]) throws -> String {
        let result = try run(arguments + ["-q"])
        XCTAssertEqual(result.status, 0, "\(arguments): \(result.err)")
        return result.out
    }

    /// The report's `arrivals`, the grids.
    private func json(_ arguments: [String]) throws -> [String: Any] {
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try civicpulse(["heatmap", "--format", "json"] + arguments).utf8)) as? [String: Any])
        return try XCTUnwrap(report["arrivals"] as? [String: Any], "\(report)")
    }

    /// A grid's cell as the JSON has it: a number, or nil for null.
    private func cell(_ grid: Any?, _ day: Int, _ hour: Int) throws -> Double? {
        let rows = try XCTUnwrap(grid as? [[Any]])
        XCTAssertEqual(rows.count, 7)
        XCTAssertEqual(rows[day].count, 24)
        return rows[day][hour] as? Double ?? (rows[day][hour] as? Int).map(Double.init)
    }

    func testTheWeekTheClocksGoBackCountsBothOneThirtiesInHourOne() throws {
        let heatmap = try json(october)
        XCTAssertEqual(heatmap["weekdays"] as? [String], ["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
        let items = heatmap["items"], medians = heatmap["median_first_response_seconds"]
        XCTAssertEqual(try cell(items, 0, 9), 1, "08:15 UTC is 09:15 BST")
        XCTAssertEqual(try cell(items, 0, 8), 0)
        XCTAssertEqual(try cell(items, 5, 23), 0, "Saturday 23:30 UTC is Sunday 00:30 BST")
        XCTAssertEqual(try cell(items, 6, 0), 1)
        XCTAssertEqual(try cell(items, 6, 1), 2, "01:30 BST and 01:30 GMT")
        XCTAssertEqual(try cell(items, 6, 2), 1)
        XCTAssertEqual(try cell(medians, 0, 9), 3600)
        XCTAssertNil(try cell(medians, 6, 0), "never answered")
        XCTAssertEqual(try cell(heatmap["answered"], 6, 0), 0)
        XCTAssertEqual(try cell(medians, 6, 1), 1200, "the median of 10 and 30 minutes")
        XCTAssertEqual(try cell(medians, 6, 2), 3600)
        XCTAssertEqual(try cell(items, 5, 12), 1, "chat 75 of webchat-out-of-hours.csv, Saturday 12:00 BST")
        XCTAssertEqual(try cell(medians, 5, 12), 25 * 3600, "answered at 12:00 GMT on Sunday: 25 real hours")
        let total = try XCTUnwrap(items as? [[Any]]).joined().compactMap { $0 as? Int }.reduce(0, +)
        let sla = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try civicpulse(["sla", "--format", "json"] + october).utf8)) as? [String: Any])
        XCTAssertEqual(total, (sla["stats"] as? [String: Any])?["inbound"] as? Int, "the cells add up to sla's items")

        let text = try civicpulse(["heatmap"] + october).split(separator: "\n").map(String.init)
        XCTAssertTrue(text.contains("When residents write: items opened by hour of arrival (Europe/London), 6 in all"), "\(text)")
        XCTAssertTrue(text.contains("Mon                   ▒▒"), "\(text)")
        XCTAssertTrue(text.contains("Sat                         ▒▒"), "\(text)")
        XCTAssertTrue(text.contains("Sun ▒▒██▒▒"), "\(text)")
        XCTAssertTrue(text.contains("Key: blank none, ▒ 1, █ 2 items; · not in the period"), "\(text)")
        XCTAssertTrue(text.contains("Busiest hour: Sun 01:00–02:00, 2 items"), "\(text)")
        XCTAssertTrue(text.contains("Sun   ░░░░"), "\(text)")
        XCTAssertTrue(text.contains("Sat                         ██"), "\(text)")
        XCTAssertTrue(text.contains("Key: blank no answer yet, ░ ≤ 6h 15m, ▒ ≤ 12h 30m, ▓ ≤ 18h 45m, █ ≤ 1d 1h; · not in the period"), "\(text)")
        XCTAssertTrue(text.contains("Longest median wait: Sat 12:00–13:00, 1d 1h"), "\(text)")
    }

    /// Analysts get the same cells from `analytics.response_items` (docs/analysts.md's query).
    func testTheAnalystViewGivesTheSameCells() throws {
        let heatmap = try json(october)
        let rows = try database.connect().query("""
            SELECT opened_weekday, opened_hour, count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY response_seconds)
            FROM analytics.response_items
            WHERE opened_date BETWEEN '2026-10-19' AND '2026-10-25'
            GROUP BY opened_weekday, opened_hour
            """)
        XCTAssertEqual(rows.count, 5)
        for row in rows {
            let (day, hour) = (try row.decode(Int.self, 0) - 1, try row.decode(Int.self, 1))
            XCTAssertEqual(try cell(heatmap["items"], day, hour), Double(try row.decode(Int.self, 2)), "\(day) \(hour)")
            XCTAssertEqual(try cell(heatmap["median_first_response_seconds"], day, hour), try row.decode(Double?.self, 3), "\(day) \(hour)")
        }
    }

    func testTheWeekTheClocksGoForwardHasNoHourOneOnSunday() throws {
        let heatmap = try json(march)
        let items = heatmap["items"], medians = heatmap["median_first_response_seconds"]
        XCTAssertEqual(try cell(items, 6, 0), 1)
        XCTAssertNil(try cell(items, 6, 1), "01:00-02:00 never showed on the clock that Sunday")
        XCTAssertEqual(try cell(items, 6, 2), 1, "01:30 UTC is 02:30 BST")
        XCTAssertEqual(try cell(items, 4, 12), 1)
        XCTAssertEqual(try cell(items, 0, 1), 0, "Monday has an hour 01")
        XCTAssertEqual(try cell(medians, 6, 0), 3600)
        XCTAssertEqual(try cell(medians, 6, 2), 900)
        XCTAssertNil(try cell(medians, 4, 12))
        XCTAssertTrue(try civicpulse(["heatmap"] + march).contains("\nSun ██··██\n"))
    }

    /// Two weeks around the August bank holiday: the wait is wall-clock time, the holiday included.
    func testTheWaitAcrossABankHolidayIsItsWallClockTime() throws {
        let heatmap = try json(["--from", "2026-08-24", "--to", "2026-09-06"])
        XCTAssertEqual(try cell(heatmap["items"], 5, 10), 1, "Saturday 29 August 10:00 BST")
        XCTAssertEqual(try cell(heatmap["median_first_response_seconds"], 5, 10), 50 * 3600, "answered on the bank holiday at 12:00")
        XCTAssertEqual(try cell(heatmap["items"], 4, 18), 1, "Friday 28 August 18:00 BST")
        XCTAssertEqual(try cell(heatmap["median_first_response_seconds"], 4, 18), 3 * 86400 + 15 * 3600 + 900, "answered Tuesday 09:15")
    }

    /// A period only partly over at its as-of instant has figures for the hours so far only.
    func testHoursAfterTheAsOfInstantHaveNoFigures() throws {
        let heatmap = try json(october + ["--as-of", "2026-10-21T12:30:00+01:00"])
        XCTAssertEqual(try cell(heatmap["items"], 0, 9), 1)
        XCTAssertEqual(try cell(heatmap["items"], 2, 12), 0, "Wednesday 12:00-13:00 has begun")
        XCTAssertNil(try cell(heatmap["items"], 2, 13))
        XCTAssertNil(try cell(heatmap["items"], 6, 1))
    }

    /// A week before the data starts was not recorded: no grids, not a week of zeros.
    func testAWeekNotRecordedHasNoFigures() throws {
        let week = ["--from", "2026-01-05", "--to", "2026-01-11"]
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try civicpulse(["heatmap", "--format", "json"] + week).utf8)) as? [String: Any])
        XCTAssertTrue(report["arrivals"] is NSNull, "\(report)")
        let text = try civicpulse(["heatmap"] + week)
        XCTAssertTrue(text.contains("No data before 2026-03-27"), text)
        XCTAssertFalse(text.contains("When residents write"), text)
    }

    /// Every chat is `unassigned` on `webchat`: narrowed to either, the week is as it was;
    /// narrowed to another service or channel, it has no item in any hour, and no wait.
    func testServiceAndChannelNarrowTheCells() throws {
        let all = try json(october)
        for narrowed in [["--service", "unassigned"], ["--channel", "webchat"]] {
            let heatmap = try json(october + narrowed)
            XCTAssertEqual(try cell(heatmap["items"], 6, 1), 2, "\(narrowed)")
            XCTAssertEqual(heatmap["items"] as? [[Int?]], all["items"] as? [[Int?]], "\(narrowed)")
        }
        for narrowed in [["--service", "waste"], ["--channel", "twitter"]] {
            let heatmap = try json(october + narrowed)
            XCTAssertEqual(try cell(heatmap["items"], 6, 1), 0, "\(narrowed)")
            XCTAssertEqual(try XCTUnwrap(heatmap["items"] as? [[Any]]).joined().compactMap { $0 as? Int }.reduce(0, +), 0, "\(narrowed)")
            XCTAssertNil(try cell(heatmap["median_first_response_seconds"], 6, 1), "\(narrowed)")
        }
    }

    func testAnUnknownServiceIsRefused() throws {
        let result = try run(["heatmap", "-q", "--service", "nope"] + october)
        XCTAssertEqual(result.status, 64, result.err)
        XCTAssertTrue(result.err.contains("nope"), result.err)
    }
}
