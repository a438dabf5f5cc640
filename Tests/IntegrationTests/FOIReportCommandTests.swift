import Foundation
import XCTest

/// `civicpulse report foi` through the built command: each figure is the `sla` report's where
/// they overlap and the export's rows' otherwise, whatever the data holds.
final class FOIReportCommandTests: WebchatWeekTestCase {
    /// One more chat in the week, answered after 26,169.3 s (09:00:00.700 to 16:16:10): the
    /// week's mean first response is then 387,669.3 / 7 s, which adding the doubles one by one
    /// gives as 55381.32857142857 and PostgreSQL's exact average as 55381.328571428574. And two
    /// on 2 December answered after 60.001 s and an hour, whose median `percentile_cont` gives
    /// as 60.001 + (3600 - 60.001) * 0.5 = 1830.0004999999999, not (60.001 + 3600) / 2 = 1830.0005.
    override func setUpWithError() throws {
        try super.setUpWithError()
        try ingestChats("""
            message_id,session_id,sent_at,sender,body,in_reply_to,link
            wc-9501,chat-951,2026-11-19T09:00:00.700Z,visitor-9501,"Is the library open late tonight?",,
            wc-9502,chat-951,2026-11-19T16:16:10Z,HarbourChat,"Yes, until 8pm",wc-9501,
            wc-9511,chat-952,2026-12-02T10:00:00Z,visitor-9511,"Is the tip open today?",,
            wc-9512,chat-952,2026-12-02T10:01:00.001Z,HarbourChat,"Yes, until 4pm",wc-9511,
            wc-9521,chat-953,2026-12-02T11:00:00Z,visitor-9521,"Where do I pay for parking?",,
            wc-9522,chat-953,2026-12-02T12:00:00Z,HarbourChat,"Online, at the council's site",wc-9521,

            """)
    }

    func testEveryFigureIsTheSLAReportsAndTheExportsForThePeriod() throws {
        let foiJSON = try civicpulse(["report", "foi", "--format", "json"] + week), slaJSON = try civicpulse(["sla", "--format", "json"] + week)
        let figures = try XCTUnwrap(try object(foiJSON)["figures"] as? [String: Any])
        let stats = try XCTUnwrap(try object(slaJSON)["stats"] as? [String: Any])
        let rows = try jsonLines(week)

        XCTAssertEqual(figures["items"] as? Int, stats["inbound"] as? Int)
        XCTAssertEqual(figures["answered"] as? Int, stats["answered"] as? Int)
        for (mine, theirs) in [("mean_first_response_seconds", "mean_first_response_seconds"), ("median_first_response_seconds", "median_first_response_seconds"),
                               ("median_first_response_business_seconds", "median_business_response_seconds")] {
            XCTAssertEqual(try XCTUnwrap(printed(mine, in: foiJSON)), try XCTUnwrap(printed(theirs, in: slaJSON)), mine)
        }
        XCTAssertEqual(printed("mean_first_response_seconds", in: slaJSON), "55381.328571428574", "387,669.3 / 7 s")

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

    /// By hand, the web chats from Friday 28 August to Saturday 31 October 2026, as of the period's
    /// end (Sunday 1 November 00:00 GMT): wc-9301 (answered in 30 minutes, resolved in 90 hours over
    /// the bank holiday), its follow-up wc-9303 (answered after 89 h 20 m, on Tuesday 1 September:
    /// 20 + 60 working minutes), wc-9311 (answered in 30 minutes on the Saturday before the clocks
    /// went back, resolved then: the thanks came 48½ elapsed hours later) and that thanks, wc-9313,
    /// unanswered since Monday 26 October 09:30 GMT, 5 days 14½ hours at the period's end.
    func testHandComputedAcrossABankHolidayAndTheClocksGoingBack() throws {
        let figures = try XCTUnwrap(try object(civicpulse(["report", "foi", "--format", "json", "--from", "2026-08-28", "--to", "2026-10-31"]))["figures"]
            as? [String: Any])
        XCTAssertEqual(figures["items"] as? Int, 4)
        XCTAssertEqual(figures["answered"] as? Int, 3)
        XCTAssertEqual(figures["mean_first_response_seconds"] as? Double, 108_400, "(1,800 + 321,600 + 1,800) / 3")
        XCTAssertEqual(figures["median_first_response_seconds"] as? Double, 1800)
        XCTAssertEqual(figures["median_first_response_business_seconds"] as? Double, 1800, "of 1,800, 4,800 and 0 (a Saturday)")
        XCTAssertEqual(figures["resolved"] as? Int, 3)
        XCTAssertEqual(figures["mean_resolution_seconds"] as? Double, 215_800, "(324,000 + 321,600 + 1,800) / 3")
        XCTAssertEqual(figures["median_resolution_seconds"] as? Double, 321_600)
        XCTAssertEqual(figures["resolved_at_first_contact"] as? Int, 2, "wc-9303 and wc-9311")
        XCTAssertEqual(figures["still_open"] as? Int, 1)
        XCTAssertEqual(figures["unanswered"] as? Int, 1)
        XCTAssertEqual(figures["longest_wait_seconds"] as? Double, 484_200, "wc-9313, from Monday 26 October 09:30 to Sunday 1 November 00:00 GMT")
        XCTAssertEqual(figures["longest_wait_unanswered"] as? Bool, true)
    }

    /// Two answers on one day: the median is the one `sla` reads from `percentile_cont`, to the
    /// last digit. Compared as printed: JSONSerialization reads 1830.0004999999999 back a few
    /// units of the last place away.
    func testTheMedianOfTwoIsTheSLAReportsToTheLastDigit() throws {
        let day = ["--from", "2026-12-02", "--to", "2026-12-02", "--as-of", "2026-12-05T00:00:00Z"]
        let foi = try civicpulse(["report", "foi", "--format", "json"] + day), sla = try civicpulse(["sla", "--format", "json"] + day)
        XCTAssertEqual(printed("median_first_response_seconds", in: sla), "\(60.001 + (3600 - 60.001) * 0.5)")
        XCTAssertEqual(printed("median_first_response_seconds", in: foi), printed("median_first_response_seconds", in: sla))
        XCTAssertEqual(printed("mean_first_response_seconds", in: foi), printed("mean_first_response_seconds", in: sla))
        XCTAssertEqual(try jsonLines(day).first?["first_response_at"] as? String, "2026-12-02T10:01:00.001Z", "the answer's instant to its millisecond")
    }

    /// The number printed after the first `"key":` of `json`, as text.
    private func printed(_ key: String, in json: String) -> String? {
        json.components(separatedBy: "\"\(key)\"").dropFirst().first.map { rest in
            String(rest.drop { $0 == ":" || $0 == " " }.prefix { $0.isNumber || $0 == "." || $0 == "e" || $0 == "-" })
        }
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
