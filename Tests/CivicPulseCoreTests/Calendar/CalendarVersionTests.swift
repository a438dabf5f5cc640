import XCTest
@testable import CivicPulseCore

final class CalendarVersionTests: XCTestCase {
    func testPicksTheLastVersionEffectiveOnOrBeforeTheLocalDate() throws {
        let versions = try Versioned("rota", original: "a", later: [
            (CalendarFixtures.date("2026-04-01"), "b"), (CalendarFixtures.date("2027-01-01"), "c"),
        ])
        XCTAssertEqual(versions.version(on: CalendarFixtures.date("2026-03-31")).value, "a")
        XCTAssertEqual(versions.version(on: CalendarFixtures.date("2026-04-01")).value, "b")
        XCTAssertEqual(versions.version(on: CalendarFixtures.date("2026-12-31")).value, "b")
        XCTAssertEqual(versions.version(on: CalendarFixtures.date("2030-01-01")).value, "c")
        XCTAssertEqual(versions.version(on: CalendarFixtures.date("1999-01-01")).label, "rota v1")
        XCTAssertEqual(versions.latest.label, "rota v3 (from 2027-01-01)")
    }

    func testEffectiveDateIsReadInTheGivenZone() throws {
        let versions = try Versioned("rota", original: 1, later: [(CalendarFixtures.date("2026-07-01"), 2)])
        let instant = CalendarFixtures.utc(2026, 6, 30, 23, 30) // 00:30 BST on 1 July
        XCTAssertEqual(versions.version(at: instant, in: CalendarFixtures.london).value, 2)
        XCTAssertEqual(versions.version(at: instant, in: TimeZone(identifier: "UTC")!).value, 1)
    }

    func testRejectsVersionsOutOfOrder() {
        XCTAssertThrowsError(try Versioned("rota", original: 1, later: [
            (CalendarFixtures.date("2027-01-01"), 2), (CalendarFixtures.date("2027-01-01"), 3),
        ]))
    }
}
