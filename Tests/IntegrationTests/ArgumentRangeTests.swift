import CivicPulseReports
import Foundation
import XCTest

/// The ranges arguments are checked against (no database): what PostgreSQL and Foundation can
/// hold, each refusal saying why.
final class ArgumentRangeTests: XCTestCase {
    private let london = TimeZone(identifier: "Europe/London")!

    private func problem(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch { return "\(error)" }
    }

    func testTimesOutsideTheYearsOrWithImpossibleOffsetsAreRefused() throws {
        XCTAssertEqual(try ReportTime.parse("1970-01-01T00:00:00Z", in: london), Date(timeIntervalSince1970: 0))
        XCTAssertEqual(try ReportTime.parse("9999-12-31T23:59:59.5+14:00", in: london), utc("9999-12-31T09:59:59Z").addingTimeInterval(0.5))
        XCTAssertEqual(try ReportTime.parse("2026-11-23T09:40-0530", in: london), utc("2026-11-23T15:10:00Z"))
        XCTAssertEqual(try ReportTime.parse("2026-11-23 09:40:30", in: london), utc("2026-11-23T09:40:30Z"), "GMT in November")
        let years = "is outside the years 1970 to 9999"
        XCTAssertEqual(problem { try ReportTime.parse("0000-01-01T00:00:00Z", in: self.london) }, years)
        XCTAssertEqual(problem { try ReportTime.parse("1969-12-31", in: self.london) }, years)
        let offset = "has an offset outside -12:00 to +14:00"
        for text in ["2026-11-23T09:40:00+99:00", "2026-11-23T09:40:00+14:30", "2026-11-23T09:40:00-13:00", "2026-11-23T09:40:00+01:60"] {
            XCTAssertEqual(problem { try ReportTime.parse(text, in: self.london) }, offset, text)
        }
        let notATime = "is not a time (ISO 8601, or yyyy-mm-dd[Thh:mm] in Europe/London)"
        for text in ["2026-02-30", "2026-11-23T24:00", "2026-11-23T09:60", "1700000000", "10000-01-01", "Mon Nov 23 09:40:00 +0000 2026", "2026-11-23Z", ""] {
            XCTAssertEqual(problem { try ReportTime.parse(text, in: self.london) }, notATime, text)
        }
    }

    func testDurationsAreAtMostTenYears() throws {
        XCTAssertEqual(try ReportTime.duration("3650d"), 3650 * 86_400)
        let tooLong = "is longer than 3650d (10 years)"
        for text in ["3651d", "99999999999d", "521w 4d", "99999999999999999999999h"] {
            XCTAssertEqual(problem { try ReportTime.duration(text) }, tooLong, text)
        }
    }

    func testWeeksLieWithinTheYears() throws {
        XCTAssertEqual(try ISOWeek.parse("1970-W02").monday.description, "1970-01-05")
        XCTAssertEqual(try ISOWeek.parse("9999-W51").sunday.description, "9999-12-26")
        for text in ["0000-W01", "1970-W01", "9999-W52"] {
            XCTAssertEqual(problem { try ISOWeek.parse(text) }, "is outside the weeks 1970-W02 to 9999-W51", text)
        }
        XCTAssertEqual(problem { try ISOWeek.parse("2026-W54") }, "is not an ISO week such as 2026-W47")
    }

    func testMailAddressesArePlainAndOneLine() {
        for address in ["chief.executive@harbourside.example", "civicpulse@localhost", "reports+weekly@council-x.example"] {
            XCTAssertEqual((try? MailAddress(address))?.description, address)
        }
        for refused in ["not an address", "Chief <c@harbourside.example>", "a@b.example, c@d.example", "a@b@c.example", "a..b@c.example",
                        ".a@c.example", "a@-c.example", "a@c..example", "@c.example", "a@", "", "ü@c.example", "a@c.example "] {
            XCTAssertEqual(problem { try MailAddress(refused) }, "is not an e-mail address such as name@council.example", refused)
        }
        for injected in ["a@b.example\r\nBcc: all@c.example", "a@b.example\nX: y", "a@b.example\u{0}"] {
            XCTAssertEqual(problem { try MailAddress(injected) }, "spans lines or holds control characters, which could add mail headers of its own")
        }
    }
}
