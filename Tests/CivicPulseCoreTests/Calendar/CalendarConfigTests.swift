import XCTest
@testable import CivicPulseCore

final class CalendarConfigTests: XCTestCase {
    private func catalog(_ yaml: String) throws -> CalendarCatalog {
        let root = try ConfigNode.parse(yaml: yaml, file: "council.yaml")
        return try CalendarCatalog.parse(try root.required("calendars"))
    }

    private func failure(_ yaml: String) -> ConfigError? {
        do {
            _ = try catalog(yaml)
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    private let yaml = """
    calendars:
      office:
        bank_holidays: england_and_wales
        hours:
          mon-fri: "09:00-17:00"
          sat: "09:00-12:30"
        closures: [2026-12-24, 2026-12-29..2026-12-31]
        open_on: [2026-08-31]
        versions:
          - effective: 2027-01-01
            hours: { mon-thu: "08:30-17:00", fri: "08:30-16:30" }
      glasgow:
        time_zone: Europe/London
        bank_holidays: scotland
        hours: { daily: "08:00-20:00" }
    """

    func testParsesCalendarsWithVersions() throws {
        let catalog = try catalog(yaml)
        XCTAssertEqual(catalog.ids, ["always_open", "glasgow", "office"])
        let office = try XCTUnwrap(catalog.calendar("office"))
        XCTAssertEqual(office.versions.map(\.label), ["office calendar v1", "office calendar v2 (from 2027-01-01)"])
        let v1 = office.versions[0].value
        XCTAssertEqual(v1.hours.description, "mon-fri 09:00-17:00; sat 09:00-12:30")
        XCTAssertEqual(v1.closures.count, 4)
        XCTAssertTrue(v1.isOpen(at: CalendarFixtures.local(2026, 8, 31, 10)), "open_on a bank holiday")
        XCTAssertFalse(v1.isOpen(at: CalendarFixtures.local(2026, 12, 30, 10)), "closure range")
        let v2 = office.versions[1].value
        XCTAssertEqual(v2.hours.description, "mon-thu 08:30-17:00; fri 08:30-16:30")
        XCTAssertEqual(v2.closures, v1.closures, "keys a version leaves out carry over")
        XCTAssertEqual(v2.bankHolidays, .englandAndWales)
        XCTAssertEqual(office.version(at: CalendarFixtures.local(2026, 12, 31, 23, 59)).number, 1)
        XCTAssertEqual(office.version(at: CalendarFixtures.local(2027, 1, 1, 0, 0)).number, 2)
        XCTAssertEqual(catalog.calendar("glasgow")?.latest.value.bankHolidays, .scotland)
        XCTAssertTrue(catalog.calendar("always_open")?.latest.value.isAlwaysOpen ?? false)
    }

    func testResolvesAServicesCalendarOrNamesTheKnownOnes() throws {
        let catalog = try catalog(yaml)
        let services = try ConfigNode.parse(yaml: "services:\n  parks:\n    calendar: offfice\n", file: "council.yaml")
        let reference = try services.required("services").required("parks").required("calendar")
        XCTAssertThrowsError(try catalog.resolve(reference)) { error in
            XCTAssertEqual((error as? ConfigError)?.description,
                           "council.yaml:3: services.parks.calendar: unknown calendar 'offfice' (calendars: always_open, glasgow, office)")
        }
    }

    func testErrorsNameFileLineAndKey() {
        let badDay = failure("calendars:\n  office:\n    bank_holidays: none\n    hours:\n      mon-fr: \"09:00-17:00\"\n")
        XCTAssertEqual(badDay?.line, 5)
        XCTAssertEqual(badDay?.path, "calendars.office.hours.mon-fr")
        XCTAssertEqual(badDay?.file, "council.yaml")

        let badTime = failure("calendars:\n  office:\n    bank_holidays: none\n    hours:\n      mon-fri: \"9-5\"\n")
        XCTAssertEqual(badTime?.description, "council.yaml:5: calendars.office.hours.mon-fri: '9-5' is not an interval like 09:00-17:00")

        let unknownKey = failure("calendars:\n  office:\n    bank_holidays: none\n    hours: { mon: \"09:00-17:00\" }\n    closure: [2026-12-24]\n")
        XCTAssertEqual(unknownKey?.path, "calendars.office.closure")
        XCTAssertEqual(unknownKey?.line, 5)

        let region = failure("calendars:\n  office:\n    bank_holidays: wales\n    hours: { mon: \"09:00-17:00\" }\n")
        XCTAssertEqual(region?.description,
                       "council.yaml:3: calendars.office.bank_holidays: 'wales' is not one of: england_and_wales, scotland, northern_ireland, none")

        let noRegion = failure("calendars:\n  office:\n    hours: { mon: \"09:00-17:00\" }\n")
        XCTAssertEqual(noRegion?.path, "calendars.office")
        XCTAssertTrue(noRegion?.problem.contains("bank_holidays") ?? false)

        let zone = failure("calendars:\n  office:\n    time_zone: BST\n    bank_holidays: none\n    hours: { mon: \"09:00-17:00\" }\n")
        XCTAssertEqual(zone?.description, "council.yaml:3: calendars.office.time_zone: unknown time zone 'BST' (use an IANA name such as Europe/London)")

        let date = failure("calendars:\n  office:\n    bank_holidays: none\n    hours: { mon: \"09:00-17:00\" }\n    closures: [2026-12-24, 2026-02-30]\n")
        XCTAssertEqual(date?.path, "calendars.office.closures[1]")

        let twice = failure("calendars:\n  office:\n    bank_holidays: none\n    hours:\n      mon-fri: \"09:00-17:00\"\n      fri: \"09:00-16:00\"\n")
        XCTAssertEqual(twice?.description, "council.yaml:6: calendars.office.hours.fri: fri is already given by 'mon-fri'")

        let order = failure("""
        calendars:
          office:
            bank_holidays: none
            hours: { mon: "09:00-17:00" }
            versions:
              - { effective: 2027-01-01, hours: { tue: "09:00-17:00" } }
              - { effective: 2026-01-01, hours: { wed: "09:00-17:00" } }
        """)
        XCTAssertEqual(order?.path, "calendars.office.versions[1].effective")
        XCTAssertEqual(order?.line, 7)

        let builtIn = failure("calendars:\n  always_open:\n    bank_holidays: none\n    hours: { daily: \"00:00-24:00\" }\n")
        XCTAssertEqual(builtIn?.path, "calendars.always_open")
    }
}
