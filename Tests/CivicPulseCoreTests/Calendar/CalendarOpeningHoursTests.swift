import XCTest
@testable import CivicPulseCore

final class CalendarOpeningHoursTests: XCTestCase {
    private func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as CalendarRuleError {
            return error.message
        } catch {
            return "unexpected \(error)"
        }
    }

    func testParsesRangesSeveralIntervalsAndSaturdayMornings() throws {
        let hours = try OpeningHours(parsing: [("mon-fri", "09:00-12:00, 13:00-17:00"), ("sat", "09:00-12:30")])
        XCTAssertEqual(hours.intervals(onISOWeekday: 3).map(\.description), ["09:00-12:00", "13:00-17:00"])
        XCTAssertEqual(hours.intervals(onISOWeekday: 6).map { [$0.start, $0.end] }, [[540, 750]])
        XCTAssertEqual(hours.intervals(onISOWeekday: 7), [])
        XCTAssertEqual(hours.description, "mon-fri 09:00-12:00, 13:00-17:00; sat 09:00-12:30")
    }

    func testTouchingIntervalsMergeAndMidnightEndIsAllowed() throws {
        let hours = try OpeningHours(parsing: [("daily", "12:00-24:00, 00:00-12:00")])
        XCTAssertEqual(hours, OpeningHours.allDay)
        XCTAssertEqual(hours.description, "mon-sun 00:00-24:00")
        XCTAssertEqual(try OpeningHours(parsing: [("sun", "closed")]).isNeverOpen, true)
    }

    func testRejectsBadDaysTimesOverlapsAndRepeats() {
        XCTAssertEqual(message { _ = try OpeningHours(parsing: [("mon-fr", "09:00-17:00")]) },
                       "'mon-fr' is not a day or range of days (use mon, tue, wed, thu, fri, sat, sun, a range such as mon-fri, or daily)")
        XCTAssertEqual(message { _ = try OpeningHours(parsing: [("fri-mon", "09:00-17:00")]) },
                       "'fri-mon' runs backwards; write ranges in week order, Monday first (e.g. sat-sun)")
        XCTAssertEqual(message { _ = try OpeningHours(parsing: [("mon", "9am-5pm")]) }, "'9am-5pm' is not an interval like 09:00-17:00")
        XCTAssertEqual(message { _ = try OpeningHours(parsing: [("mon", "22:00-02:00")]) },
                       "'22:00-02:00' ends before it starts; an interval cannot cross midnight (split it over two days)")
        XCTAssertEqual(message { _ = try OpeningHours(parsing: [("mon", "09:00-13:00, 12:00-17:00")]) },
                       "mon: 09:00-13:00 and 12:00-17:00 overlap")
        XCTAssertEqual(message { _ = try OpeningHours(parsing: [("mon-fri", "09:00-17:00"), ("fri", "09:00-16:00")]) },
                       "fri is given more than once")
        XCTAssertNotNil(message { _ = try OpeningHours.intervals(from: "24:00-24:00") })
        XCTAssertNotNil(message { _ = try OpeningHours.intervals(from: "09:60-10:00") })
        XCTAssertNotNil(message { _ = try OpeningHours.intervals(from: "+9:00-10:00") })
    }
}
