import Foundation

/// The three UK bank-holiday calendars.
///
/// Published years are shipped as data (the days actually off, substitute days included, as
/// announced on GOV.UK), because one-off holidays and moved days cannot be derived. Other years
/// fall back to the statutory pattern in ``BankHolidayRules``; a calendar can add or remove
/// days on top of either.
public enum BankHolidayRegion: String, Sendable, CaseIterable {
    case englandAndWales = "england_and_wales"
    case scotland
    case northernIreland = "northern_ireland"

    /// Years whose dates come from the published lists rather than the projected pattern.
    public static let publishedYears = 2022...2027

    /// The bank holidays (days off, substitute days included) in a year.
    public func holidays(in year: Int) -> Set<CivilDate> {
        if let published = Self.published[self]?[year] { return published }
        return BankHolidayRules.projected(self, year: year)
    }

    public func isHoliday(_ date: CivilDate) -> Bool {
        holidays(in: date.year).contains(date)
    }

    /// Every holiday from 1970 to 2100 as days since 1970, built once: the set calendars copy.
    static let daysTable: [BankHolidayRegion: Set<Int>] = Dictionary(uniqueKeysWithValues: allCases.map { region in
        (region, Set((1970...2100).flatMap { region.holidays(in: $0).map(\.daysSinceEpoch) }))
    })

    /// The days ``daysTable`` covers.
    static let tableDays = CivilDate(year: 1970, month: 1, day: 1).daysSinceEpoch...CivilDate(year: 2100, month: 12, day: 31).daysSinceEpoch

    /// `MM-DD` lists per year. Substitute days replace the weekend date they stand for.
    private static let published: [BankHolidayRegion: [Int: Set<CivilDate>]] = [
        .englandAndWales: parse([
            // 2022: spring bank holiday moved to 2 June, Platinum Jubilee 3 June, State Funeral 19 September.
            2022: "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27",
            // 2023: Coronation 8 May.
            2023: "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26",
            2024: "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26",
            2025: "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26",
            2026: "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28",
            2027: "01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28",
        ]),
        .scotland: parse([
            2022: "01-03 01-04 04-15 05-02 06-02 06-03 08-01 09-19 11-30 12-26 12-27",
            2023: "01-02 01-03 04-07 05-01 05-08 05-29 08-07 11-30 12-25 12-26",
            2024: "01-01 01-02 03-29 05-06 05-27 08-05 12-02 12-25 12-26",
            2025: "01-01 01-02 04-18 05-05 05-26 08-04 12-01 12-25 12-26",
            2026: "01-01 01-02 04-03 05-04 05-25 08-03 11-30 12-25 12-28",
            2027: "01-01 01-04 03-26 05-03 05-31 08-02 11-30 12-27 12-28",
        ]),
        .northernIreland: parse([
            2022: "01-03 03-17 04-15 04-18 05-02 06-02 06-03 07-12 08-29 09-19 12-26 12-27",
            2023: "01-02 03-17 04-07 04-10 05-01 05-08 05-29 07-12 08-28 12-25 12-26",
            2024: "01-01 03-18 03-29 04-01 05-06 05-27 07-12 08-26 12-25 12-26",
            2025: "01-01 03-17 04-18 04-21 05-05 05-26 07-14 08-25 12-25 12-26",
            2026: "01-01 03-17 04-03 04-06 05-04 05-25 07-13 08-31 12-25 12-28",
            2027: "01-01 03-17 03-26 03-29 05-03 05-31 07-12 08-30 12-27 12-28",
        ]),
    ]

    private static func parse(_ years: [Int: String]) -> [Int: Set<CivilDate>] {
        Dictionary(uniqueKeysWithValues: years.map { year, text in
            (year, Set(text.split(separator: " ").map { CivilDate("\(year)-\($0)")! }))
        })
    }
}
