import CivicPulseCore

/// An ISO 8601 week such as `2026-W47`: Monday to Sunday, week 1 being the week with 4 January.
public struct ISOWeek: Sendable, Equatable, CustomStringConvertible {
    public var year: Int
    public var week: Int

    /// Parses `2026-W47`; nil for text that is not one, or a week 53 the year does not have.
    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "-W", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, (1...2).contains(parts[1].count),
              let year = Int(parts[0]), let week = Int(parts[1]), (1...53).contains(week) else { return nil }
        self.year = year
        self.week = week
        guard ISOWeek(containing: monday) == self else { return nil }
    }

    /// A week typed on the command line: one that exists and lies within ``ReportTime/years``.
    public static func parse(_ text: String) throws -> ISOWeek {
        guard let week = ISOWeek(text) else {
            if let year = Int(text.prefix(4)), text.dropFirst(4).uppercased() == "-W53" {
                throw ArgumentProblem.noWeek53(year: year)
            }
            throw ArgumentProblem.notAnISOWeek
        }
        guard ReportTime.years.contains(week.monday.year), ReportTime.years.contains(week.sunday.year) else {
            throw ArgumentProblem.weekOutOfRange(first: first.description, last: last.description)
        }
        return week
    }

    /// The first week whose Monday is in ``ReportTime/years``.
    private static var first: ISOWeek {
        let january1 = CivilDate(year: ReportTime.years.lowerBound, month: 1, day: 1)
        return ISOWeek(containing: january1.adding(days: (8 - january1.isoWeekday) % 7))
    }

    /// The last week whose Sunday is in ``ReportTime/years``.
    private static var last: ISOWeek {
        let december31 = CivilDate(year: ReportTime.years.upperBound, month: 12, day: 31)
        return ISOWeek(containing: december31.adding(days: -(december31.isoWeekday % 7)))
    }

    /// The week a day falls in (its ISO year can differ from the calendar year near New Year).
    public init(containing date: CivilDate) {
        let thursday = date.adding(days: 4 - date.isoWeekday)
        year = thursday.year
        week = (thursday.daysSinceEpoch - CivilDate(year: year, month: 1, day: 1).daysSinceEpoch) / 7 + 1
    }

    public var monday: CivilDate {
        let january4 = CivilDate(year: year, month: 1, day: 4)
        return january4.adding(days: 1 - january4.isoWeekday + 7 * (week - 1))
    }

    public var sunday: CivilDate { monday.adding(days: 6) }

    public var description: String { "\(year)-W" + (week < 10 ? "0\(week)" : "\(week)") }
}
