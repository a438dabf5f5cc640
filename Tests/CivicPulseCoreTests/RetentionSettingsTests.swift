import CivicPulseCore
import Foundation
import XCTest

/// `retention:` in the pipeline (docs/privacy.md, "Retention"): none by default, periods in
/// calendar units, and a setting it cannot honour is refused with the field named.
final class RetentionSettingsTests: XCTestCase {
    private let minimal = """
        org: testshire
        services:
          waste: { name: Waste }
        accounts:
          central: { platform: twitter, handle: TestshireCC, service: waste }
        sla:
          targets:
            - { target: 2 working days }

        """

    private func parse(_ retention: String) throws -> PipelineConfig {
        try PipelineConfig.parse(yaml: minimal + retention, file: "t.yaml")
    }

    func testNoneSetMeansNothingExpires() throws {
        XCTAssertNil(try parse("").retention.messageText)
        XCTAssertNil(try parse("").retention.events)
    }

    /// `events` (whole recorded months of the log) is read as `message_text` is, and either may
    /// be set without the other.
    func testEventsIsAPeriodToo() throws {
        let both = try parse("retention: { message_text: 13 months, events: 6 years }\n").retention
        XCTAssertEqual(both, RetentionSettings(messageText: RetentionPeriod(13, .month), events: RetentionPeriod(6, .year)))
        XCTAssertEqual(try parse("retention:\n  events: 1 year\n").retention, RetentionSettings(events: RetentionPeriod(1, .year)))
    }

    func testMessageTextIsAPeriodInCalendarUnits() throws {
        XCTAssertEqual(try parse("retention: { message_text: 13 months }\n").retention.messageText, RetentionPeriod(13, .month))
        XCTAssertEqual(try parse("retention:\n  message_text: 1 year\n").retention.messageText, RetentionPeriod(1, .year))
        XCTAssertEqual(RetentionPeriod(parsing: "90 days")?.description, "90 days")
        XCTAssertEqual(RetentionPeriod(parsing: "1 months")?.description, "1 month")
    }

    func testABadSettingIsRefusedNamingItsField() {
        for (yaml, expected) in [
            ("retention: { message_text: 13 monts }\n", "t.yaml:9: retention.message_text: '13 monts' is not a retention period; write a number from 1, then days, months or years, at most 100 years (e.g. '13 months')"),
            ("retention: { message_text: 0 days }\n", "t.yaml:9: retention.message_text: '0 days' is not a retention period; write a number from 1, then days, months or years, at most 100 years (e.g. '13 months')"),
            ("retention: { message_text: 1000 years }\n", "t.yaml:9: retention.message_text: '1000 years' is not a retention period; write a number from 1, then days, months or years, at most 100 years (e.g. '13 months')"),
            ("retention: { events: 6 yeers }\n", "t.yaml:9: retention.events: '6 yeers' is not a retention period; write a number from 1, then days, months or years, at most 100 years (e.g. '13 months')"),
        ] {
            XCTAssertThrowsError(try parse(yaml), yaml) { error in XCTAssertEqual("\(error)", expected) }
        }
        XCTAssertThrowsError(try parse("retention: { message_txt: 13 months }\n")) { error in
            XCTAssertTrue("\(error)".contains("message_txt"), "\(error)")
        }
    }

    /// Months are counted as a person counts them, on the wall clock of the pipeline's zone:
    /// 13 months before 31 March 2027 is 31 February 2026, clamped to the 28th (no leap year),
    /// at the same local time, whichever side of a change of the clocks each falls.
    func testTheCutoffCountsCalendarMonthsInTheZone() throws {
        let london = TimeZone(identifier: "Europe/London")!
        let iso = ISO8601DateFormatter()
        let period = try XCTUnwrap(RetentionPeriod(13, .month))
        // 10:00 BST on 31 Mar 2027 (09:00Z); 13 months before is 28 Feb 2026, 10:00 GMT (10:00Z).
        XCTAssertEqual(period.cutoff(before: iso.date(from: "2027-03-31T09:00:00Z")!, in: london), iso.date(from: "2026-02-28T10:00:00Z"))
        // 10:00 BST on 30 Oct 2027 (09:00Z); 13 months before is 30 Sep 2026, 10:00 BST as well.
        XCTAssertEqual(period.cutoff(before: iso.date(from: "2027-10-30T09:00:00Z")!, in: london), iso.date(from: "2026-09-30T09:00:00Z"))
        // 10:00 GMT on 1 Nov 2026 (10:00Z); one month before is 1 Oct, 10:00 BST (09:00Z).
        XCTAssertEqual(try XCTUnwrap(RetentionPeriod(1, .month)).cutoff(before: iso.date(from: "2026-11-01T10:00:00Z")!, in: london),
                       iso.date(from: "2026-10-01T09:00:00Z"))
        // Sent 09:00 GMT on 28 Feb 2026: due 13 months on, at 09:00 on 28 Mar 2027, the morning the
        // clocks went forward: 09:00 BST, 08:00Z.
        XCTAssertEqual(period.due(for: iso.date(from: "2026-02-28T09:00:00Z")!, in: london), iso.date(from: "2027-03-28T08:00:00Z"))
    }
}
