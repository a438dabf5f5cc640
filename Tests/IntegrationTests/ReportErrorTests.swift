import CivicPulseCore
import CivicPulseReports
import Foundation
import Postgres
import XCTest

/// The errors reports raise name their cause, so a caller can tell one from another without
/// reading the words, and the words stay the ones users have always been shown.
final class ReportErrorTests: XCTestCase {
    private let london = TimeZone(identifier: "Europe/London")!

    private func problem(_ body: () throws -> Any) -> ArgumentProblem? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? ArgumentProblem
        }
    }

    func testEachBadTimeOrDurationIsItsOwnCause() {
        XCTAssertEqual(problem { try ReportTime.parse("yesterday", in: self.london) }, .notATime(in: "Europe/London"))
        XCTAssertEqual(problem { try ReportTime.parse("2026-11-21T14:00+15:00", in: self.london) }, .offsetOutOfRange)
        XCTAssertEqual(problem { try ReportTime.parse("1969-12-31", in: self.london) }, .yearOutOfRange(ReportTime.years))
        XCTAssertEqual(problem { try ReportTime.duration("-1h") }, .negativeDuration(positive: "1h"))
        XCTAssertEqual(problem { try ReportTime.duration("soon") }, .notADuration)
        XCTAssertEqual(problem { try ReportTime.duration("11y") }, .notADuration)
        XCTAssertEqual(problem { try ReportTime.duration("5000d") }, .durationTooLong(limit: "3650d"))
        XCTAssertNotEqual(ArgumentProblem.notADuration, .durationTooLong(limit: "3650d"), "a caller tells a typo from a limit")
    }

    func testEachBadWeekOrAddressIsItsOwnCause() {
        XCTAssertEqual(problem { try ISOWeek.parse("2027-W53") }, .noWeek53(year: 2027))
        XCTAssertEqual(problem { try ISOWeek.parse("week 47") }, .notAnISOWeek)
        XCTAssertEqual(problem { try MailAddress("ops@council.example\r\nBcc: x@evil.example") }, .mailAddressSpansLines)
        XCTAssertEqual(problem { try MailAddress("ops at council") }, .notAMailAddress)
    }

    /// The words after the value, as `--since '-1h' is negative: …` shows them.
    func testTheMessagesAreTheOnesUsersAreShown() {
        XCTAssertEqual(ArgumentProblem.notATime(in: "Europe/London").description, "is not a time (ISO 8601, or yyyy-mm-dd[Thh:mm] in Europe/London)")
        XCTAssertEqual(ArgumentProblem.offsetOutOfRange.description, "has an offset outside -12:00 to +14:00")
        XCTAssertEqual(ArgumentProblem.yearOutOfRange(1970...9999).description, "is outside the years 1970 to 9999")
        XCTAssertEqual(ArgumentProblem.negativeDuration(positive: "1h").description, "is negative: durations count back from --as-of (write e.g. 1h)")
        XCTAssertEqual(ArgumentProblem.notADuration.description, "is not a duration (write e.g. 45m, 1h, 1h30m, 2d)")
        XCTAssertEqual(ArgumentProblem.durationTooLong(limit: "3650d").description, "is longer than 3650d (10 years)")
        XCTAssertEqual(ArgumentProblem.notAnISOWeek.description, "is not an ISO week such as 2026-W47")
        XCTAssertEqual(ArgumentProblem.noWeek53(year: 2027).description, "does not exist: 2027 has 52 ISO weeks (its last is 2027-W52)")
        XCTAssertEqual(ArgumentProblem.mailAddressSpansLines.description, "spans lines or holds control characters, which could add mail headers of its own")
        XCTAssertEqual(ArgumentProblem.notAMailAddress.description, "is not an e-mail address such as name@council.example")
        XCTAssertEqual(ArgumentProblem.spansLines.description, "spans lines or holds control characters")
    }

    /// An empty period and one too long are different mistakes, told apart without a database row.
    func testAnIncidentPeriodNamesWhatIsWrongWithIt() throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let connection = try database.connect()
        let config = try Fixtures.config()
        let from = utc("2026-11-21T10:00:00Z")
        func periodError(to: Date) -> IncidentReport.PeriodError? {
            do {
                _ = try IncidentReport.load(config: config, from: from, to: to, asOf: to, on: connection)
                return nil
            } catch {
                return error as? IncidentReport.PeriodError
            }
        }
        XCTAssertEqual(periodError(to: from), .empty)
        XCTAssertEqual(periodError(to: from.addingTimeInterval(36 * 86_400)), .tooLong(hours: 864))
        XCTAssertEqual(IncidentReport.PeriodError.empty.description, "the period is empty: --to must be after --from")
        XCTAssertEqual(IncidentReport.PeriodError.tooLong(hours: 864).description, "the period is 864 hours; an incident report covers at most 840")
        XCTAssertEqual(IncidentReport.PeriodError.beforeData(until: "Sat 21 Nov 16:57").description,
                       "no messages have been processed after Sat 21 Nov 16:57, before the period starts")
    }
}
