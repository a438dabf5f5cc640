import Foundation

/// The statutory pattern of UK bank holidays, for years without a published list.
///
/// It reproduces every published year except one-off holidays (jubilees, coronations,
/// state funerals) and days moved by proclamation, which is why published years are data.
/// Tests check the shipped data against this pattern so a typo in either shows up.
public enum BankHolidayRules {
    /// The projected days off in a year, substitute days included.
    public static func projected(_ region: BankHolidayRegion, year: Int) -> Set<CivilDate> {
        let easter = easterSunday(year)
        var taken: Set<CivilDate> = [
            easter.adding(days: -2), // Good Friday
            nthWeekday(1, weekday: 1, month: 5, year: year), // early May
            lastWeekday(1, month: 5, year: year), // spring
        ]
        var fixed = [(1, 1), (12, 25), (12, 26)]
        switch region {
        case .englandAndWales:
            taken.insert(easter.adding(days: 1))
            taken.insert(lastWeekday(1, month: 8, year: year))
        case .northernIreland:
            taken.insert(easter.adding(days: 1))
            taken.insert(lastWeekday(1, month: 8, year: year))
            fixed += [(3, 17), (7, 12)]
        case .scotland:
            taken.insert(nthWeekday(1, weekday: 1, month: 8, year: year))
            fixed += [(1, 2), (11, 30)]
        }
        // A fixed day on a weekend, or on a day already off, moves to the next free weekday:
        // Christmas on Saturday gives Monday 27th, and Boxing Day on Sunday then Tuesday 28th.
        for (month, day) in fixed.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
            var date = CivilDate(year: year, month: month, day: day)
            while date.isoWeekday >= 6 || taken.contains(date) {
                date = date.adding(days: 1)
            }
            taken.insert(date)
        }
        return taken
    }

    /// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm).
    public static func easterSunday(_ year: Int) -> CivilDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(year: year, month: month, day: day)
    }

    /// The nth (1-based) given ISO weekday of a month.
    static func nthWeekday(_ n: Int, weekday: Int, month: Int, year: Int) -> CivilDate {
        let first = CivilDate(year: year, month: month, day: 1)
        let shift = (weekday - first.isoWeekday + 7) % 7
        return first.adding(days: shift + 7 * (n - 1))
    }

    /// The last given ISO weekday of a month.
    static func lastWeekday(_ weekday: Int, month: Int, year: Int) -> CivilDate {
        let last = CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))
        return last.adding(days: -((last.isoWeekday - weekday + 7) % 7))
    }
}
