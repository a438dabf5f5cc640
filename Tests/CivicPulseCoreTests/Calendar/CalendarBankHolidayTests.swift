import XCTest
@testable import CivicPulseCore

final class CalendarBankHolidayTests: XCTestCase {
    private func dates(_ text: String) -> Set<CivilDate> {
        Set(text.split(separator: " ").map { CivilDate(String($0))! })
    }

    func testEnglandAndWales2026HasBoxingDaySubstituteOnMonday28th() {
        XCTAssertEqual(BankHolidayRegion.englandAndWales.holidays(in: 2026),
                       dates("2026-01-01 2026-04-03 2026-04-06 2026-05-04 2026-05-25 2026-08-31 2026-12-25 2026-12-28"))
        XCTAssertFalse(BankHolidayRegion.englandAndWales.isHoliday(CivilDate("2026-12-26")!), "Saturday itself is not the day off")
    }

    func testEnglandAndWales2027EasterIs28MarchAndChristmasMovesToMonday27th() {
        XCTAssertEqual(BankHolidayRules.easterSunday(2027), CivilDate("2027-03-28"))
        XCTAssertEqual(BankHolidayRegion.englandAndWales.holidays(in: 2027),
                       dates("2027-01-01 2027-03-26 2027-03-29 2027-05-03 2027-05-31 2027-08-30 2027-12-27 2027-12-28"))
    }

    func testEnglandAndWales2024And2025() {
        XCTAssertEqual(BankHolidayRegion.englandAndWales.holidays(in: 2024),
                       dates("2024-01-01 2024-03-29 2024-04-01 2024-05-06 2024-05-27 2024-08-26 2024-12-25 2024-12-26"))
        XCTAssertEqual(BankHolidayRegion.englandAndWales.holidays(in: 2025),
                       dates("2025-01-01 2025-04-18 2025-04-21 2025-05-05 2025-05-26 2025-08-25 2025-12-25 2025-12-26"))
    }

    func testScotlandSubstitutesSecondJanuaryAndStAndrewsDay() {
        let scotland = BankHolidayRegion.scotland
        XCTAssertTrue(scotland.isHoliday(CivilDate("2027-01-04")!), "2 Jan 2027 is a Saturday: Monday 4th is the substitute")
        XCTAssertFalse(scotland.isHoliday(CivilDate("2027-01-02")!))
        XCTAssertTrue(scotland.isHoliday(CivilDate("2024-12-02")!), "St Andrew's Day 2024 is a Saturday")
        XCTAssertTrue(scotland.isHoliday(CivilDate("2025-12-01")!), "St Andrew's Day 2025 is a Sunday")
        XCTAssertTrue(scotland.isHoliday(CivilDate("2026-11-30")!))
        XCTAssertFalse(scotland.isHoliday(CivilDate("2026-04-06")!), "no Easter Monday in Scotland")
        XCTAssertEqual(scotland.holidays(in: 2026),
                       dates("2026-01-01 2026-01-02 2026-04-03 2026-05-04 2026-05-25 2026-08-03 2026-11-30 2026-12-25 2026-12-28"))
        XCTAssertEqual(scotland.holidays(in: 2027),
                       dates("2027-01-01 2027-01-04 2027-03-26 2027-05-03 2027-05-31 2027-08-02 2027-11-30 2027-12-27 2027-12-28"))
    }

    func testNorthernIrelandStPatricksAndTwelfthWithSubstitutes() {
        let ni = BankHolidayRegion.northernIreland
        XCTAssertTrue(ni.isHoliday(CivilDate("2024-03-18")!), "17 March 2024 is a Sunday")
        XCTAssertTrue(ni.isHoliday(CivilDate("2025-07-14")!), "12 July 2025 is a Saturday")
        XCTAssertTrue(ni.isHoliday(CivilDate("2026-07-13")!), "12 July 2026 is a Sunday")
        XCTAssertTrue(ni.isHoliday(CivilDate("2027-07-12")!))
        XCTAssertTrue(ni.isHoliday(CivilDate("2027-03-17")!))
        XCTAssertEqual(ni.holidays(in: 2026).count, 10)
    }

    func testEveryPublishedHolidayIsAWeekday() {
        for region in BankHolidayRegion.allCases {
            for year in BankHolidayRegion.publishedYears {
                for date in region.holidays(in: year) {
                    XCTAssertLessThanOrEqual(date.isoWeekday, 5, "\(region) \(date)")
                }
            }
        }
    }

    /// The shipped lists and the statutory pattern are written independently; they must agree
    /// except for the one-off changes announced for 2022 and 2023.
    func testPublishedDataMatchesTheStatutoryPatternApartFromOneOffs() {
        let oneOffs: [Int: (added: Set<CivilDate>, removed: Set<CivilDate>)] = [
            2022: (dates("2022-06-02 2022-06-03 2022-09-19"), dates("2022-05-30")),
            2023: (dates("2023-05-08"), []),
        ]
        for region in BankHolidayRegion.allCases {
            for year in BankHolidayRegion.publishedYears {
                var expected = BankHolidayRules.projected(region, year: year)
                if let change = oneOffs[year] {
                    expected.subtract(change.removed)
                    expected.formUnion(change.added)
                }
                XCTAssertEqual(region.holidays(in: year), expected, "\(region) \(year)")
            }
        }
    }

    func testUnpublishedYearsUseTheProjectedPattern() {
        // 2028: Easter 16 April; Christmas Monday, Boxing Day Tuesday; St Andrew's Day Thursday.
        XCTAssertEqual(BankHolidayRules.easterSunday(2028), CivilDate("2028-04-16"))
        XCTAssertEqual(BankHolidayRegion.englandAndWales.holidays(in: 2028),
                       dates("2028-01-03 2028-04-14 2028-04-17 2028-05-01 2028-05-29 2028-08-28 2028-12-25 2028-12-26"))
    }

    func testEasterSundayKnownYears() {
        let known = ["2019-04-21", "2022-04-17", "2023-04-09", "2024-03-31", "2025-04-20", "2026-04-05", "2038-04-25"]
        for text in known {
            let date = CivilDate(text)!
            XCTAssertEqual(BankHolidayRules.easterSunday(date.year), date)
        }
    }
}
