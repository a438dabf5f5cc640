import CivicPulseCore
import Foundation
import XCTest

/// A week of ordinary days (2026-W45), a week with no event at all (W46), then another ordinary
/// week (W47): the feeds were down for W46, which every report must tell from a quiet week.
final class DataGapTests: DatabaseTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        let config = try Fixtures.config()
        try SpikeFixtures.append(SpikeFixtures.ordinary(from: "2026-11-02", days: 7, config: config)
                                 + SpikeFixtures.ordinary(from: "2026-11-16", days: 7, config: config),
                                 on: try database.connect())
        let processed = try run(["process", "-q"])
        XCTAssertEqual(processed.status, 0, processed.err)
    }

    private func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try run(arguments + ["--format", "json"])
        XCTAssertEqual(result.status, 0, result.err)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any], result.out)
    }

    private let gapWeek = ["--from", "2026-11-09", "--to", "2026-11-15"]
    private let gapNote = "No data 2026-11-09 to 2026-11-15: nothing was recorded on those days"

    func testAWeekInAGapIsUnknownInEveryReportNotZero() throws {
        for report in ["dashboard", "sla", "reach"] {
            let text = try run([report, "-q"] + gapWeek)
            XCTAssertEqual(text.status, 0, text.err)
            XCTAssertTrue(text.out.contains(gapNote), "\(report): \(text.out)")
            XCTAssertFalse(text.out.contains("No messages from residents"), "\(report): \(text.out)")
            let header = try XCTUnwrap(try json([report, "-q"] + gapWeek)["header"] as? [String: Any])
            XCTAssertEqual(header["no_data"] as? [[String: String]], [["from": "2026-11-09", "to": "2026-11-15"]], "\(report): \(header)")
        }
        XCTAssertTrue(try json(["dashboard", "-q"] + gapWeek)["total"] is NSNull, "the gap's responses are unknown, not 0")
        XCTAssertTrue(try json(["sla", "-q"] + gapWeek)["stats"] is NSNull)
        let reach = try json(["reach", "-q"] + gapWeek)
        XCTAssertTrue((reach["summary"] as? [String: Any])?["total"] is NSNull, "\(reach)")
        let league = try XCTUnwrap(((reach["league_table"] as? [String: Any])?["rows"] as? [[String: Any]])?.last)
        XCTAssertTrue((league["items"] as? [String: Any])?["current"] is NSNull, "\(league)")
    }

    func testTheWeekAfterAGapHasNoChangeAgainstIt() throws {
        let summary = try json(["summary", "-q", "--week", "2026-W47"])
        let questions = try XCTUnwrap((summary["headline"] as? [String: Any])?["questions"] as? [String: Any])
        XCTAssertGreaterThan(questions["current"] as? Int ?? 0, 0)
        XCTAssertTrue(questions["change"] is NSNull, "not +all of them against the gap's zero: \(questions)")
        let trend = try XCTUnwrap(summary["trend"] as? [[String: Any]])
        let gap = try XCTUnwrap(trend.first { $0["week"] as? String == "2026-W46" })
        for figure in ["questions", "response_rate", "reach", "engaged_residents"] {
            XCTAssertTrue(gap[figure] is NSNull, "the trend draws no bar at zero for the gap: \(gap)")
        }
        XCTAssertGreaterThan(trend.first { $0["week"] as? String == "2026-W45" }?["questions"] as? Int ?? 0, 0)

        let text = try run(["summary", "-q", "--week", "2026-W47"]).out
        XCTAssertTrue(text.replacingOccurrences(of: "\n", with: " ").contains(gapNote), text)
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("Questions received") })
        XCTAssertEqual(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(3).first, "–",
                       "no change against the gap reads as growth: \(line)")
        let gapSummary = try run(["summary", "-q", "--week", "2026-W46"]).out.replacingOccurrences(of: "\n", with: " ")
        XCTAssertTrue(gapSummary.contains("No figures for 2026-W46: no data 2026-11-09 to 2026-11-15, so the week was not recorded"), gapSummary)
    }

    func testAPeriodWithNoGapNearItIsAsBefore() throws {
        let header = try XCTUnwrap(try json(["dashboard", "-q", "--from", "2026-11-02", "--to", "2026-11-08"])["header"] as? [String: Any])
        XCTAssertNil(header["no_data"], "no gap to name: \(header)")
        // Fewer than seven days of silence inside a week: the quiet days are figures; the
        // week of 2026-11-05 to 11 has data on its first four days.
        let partly = try json(["dashboard", "-q", "--from", "2026-11-05", "--to", "2026-11-11"])
        XCTAssertGreaterThan((partly["total"] as? [String: Any])?["inbound"] as? Int ?? 0, 0, "\(partly)")
    }

    /// Before the data and after it stopped, as in a gap, the response and reach figures of
    /// every report are unknown: `null`, not numeric zeros beside a header that says so.
    func testBeforeAndAfterTheDataTheFiguresAreNullToo() throws {
        for week in [["--from", "2026-10-26", "--to", "2026-11-01"], ["--from", "2026-11-30", "--to", "2026-12-06"]] {
            XCTAssertTrue(try json(["dashboard", "-q"] + week)["total"] is NSNull, "\(week)")
            XCTAssertTrue(try json(["sla", "-q"] + week)["stats"] is NSNull, "\(week)")
            let reach = try json(["reach", "-q"] + week)
            XCTAssertTrue((reach["summary"] as? [String: Any])?["total"] is NSNull, "\(week): \(reach)")
            XCTAssertEqual((reach["rows"] as? [Any])?.count, 0, "\(week)")
        }
    }

    /// `--as-of` inside a week cuts every figure there: the questions to the instant, and the
    /// daily figures (reach, engaged residents, followers) to the last day over by then, which
    /// the summary names.
    func testASummaryCutAtAnInstantCutsItsDailyFiguresToo() throws {
        let cut = try json(["summary", "-q", "--week", "2026-W47", "--as-of", "2026-11-19T12:00"])
        XCTAssertEqual(cut["reach_to"] as? String, "2026-11-18")
        let engaged = (cut["headline"] as? [String: Any])?["engaged_residents"] as? [String: Any]
        let days = try json(["reach", "-q", "--from", "2026-11-16", "--to", "2026-11-18"])
        let daysTotal = (days["summary"] as? [String: Any])?["total"] as? [String: Any]
        XCTAssertEqual(engaged?["current"] as? Int, daysTotal?["engaged_residents"] as? Int, "Monday to Wednesday, as reach gives them")
        let week = try json(["summary", "-q", "--week", "2026-W47"])
        let whole = (week["headline"] as? [String: Any])?["engaged_residents"] as? [String: Any]
        XCTAssertGreaterThan(whole?["current"] as? Int ?? 0, engaged?["current"] as? Int ?? .max, "the whole week has more")
        XCTAssertNil(week["reach_to"], "a whole week names no cut")
        let text = try run(["summary", "-q", "--week", "2026-W47", "--as-of", "2026-11-19T12:00"]).out.replacingOccurrences(of: "\n", with: " ")
        XCTAssertTrue(text.contains("reach, engaged residents and followers to the end of 2026-11-18"), text)
    }

    /// `alerts` and `incident` name a gap as the other reports do, from the same place: the line
    /// under the title and `no_data` in the JSON; an incident compares no week with a gap in it.
    func testAlertsAndIncidentNameTheGapAsEveryReportDoes() throws {
        let alertsText = try run(["alerts", "-q", "--as-of", "2026-11-16T09:00"])
        XCTAssertTrue(alertsText.out.contains(gapNote), alertsText.out)
        let alerts = try run(["alerts", "-q", "--as-of", "2026-11-16T09:00", "--format", "json"])
        let alertsJSON = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(alerts.out.utf8)) as? [String: Any], alerts.out)
        XCTAssertEqual(alertsJSON["no_data"] as? [[String: String]], [["from": "2026-11-09", "to": "2026-11-15"]], "\(alertsJSON)")
        let quietDay = try run(["alerts", "-q", "--as-of", "2026-11-20T12:00", "--format", "json"])
        XCTAssertFalse(quietDay.out.contains("no_data"), "a day with data names no gap: \(quietDay.out)")

        let period = ["--from", "2026-11-17T10:00", "--to", "2026-11-17T14:00"]
        let incidentText = try run(["incident", "-q"] + period)
        XCTAssertEqual(incidentText.status, 0, incidentText.err)
        XCTAssertTrue(incidentText.out.contains(gapNote), incidentText.out)
        let incident = try json(["incident", "-q"] + period)
        XCTAssertEqual(incident["no_data"] as? [[String: String]], [["from": "2026-11-09", "to": "2026-11-15"]], "\(incident)")
        XCTAssertEqual((incident["normal_weeks"] as? [String])?.count, 1, "the week before is a gap, not a normal week: \(incident)")
    }
}
