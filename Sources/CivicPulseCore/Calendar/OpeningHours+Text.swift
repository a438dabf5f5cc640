import Foundation

/// Opening hours as people write them: `mon-fri: "09:00-17:00"`, `sat: "09:00-12:00, 13:00-16:00"`.
extension OpeningHours {
    /// Builds hours from (days, intervals) pairs such as `("mon-fri", "09:00-17:00")`.
    ///
    /// A day may be named once only, so an accidental `mon-fri` plus `fri` is an error rather
    /// than a silent override. `closed` is accepted as an explicit empty day.
    public init(parsing entries: [(days: String, intervals: String)]) throws {
        var byWeekday: [Int: [Interval]] = [:]
        for entry in entries {
            let intervals = try Self.intervals(from: entry.intervals)
            for weekday in try Self.weekdays(in: entry.days) {
                guard byWeekday[weekday] == nil else {
                    throw CalendarRuleError("\(Self.dayNames[weekday - 1]) is given more than once")
                }
                byWeekday[weekday] = intervals
            }
        }
        try self.init(byWeekday)
    }

    /// ISO weekdays named by `mon`, `mon-fri` (in week order) or `daily`.
    public static func weekdays(in text: String) throws -> [Int] {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        if key == "daily" { return Array(1...7) }
        let ends = key.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let numbers = ends.map { dayNames.firstIndex(of: $0).map { $0 + 1 } }
        guard (1...2).contains(ends.count), let first = numbers.first ?? nil, let last = numbers.last ?? nil else {
            throw CalendarRuleError("'\(text)' is not a day or range of days (use mon, tue, wed, thu, fri, sat, sun, a range such as mon-fri, or daily)")
        }
        guard first <= last else {
            throw CalendarRuleError("'\(text)' runs backwards; write ranges in week order, Monday first (e.g. sat-sun)")
        }
        return Array(first...last)
    }

    /// `09:00-17:00`, several separated by commas, or `closed`.
    public static func intervals(from text: String) throws -> [Interval] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "closed" { return [] }
        return try trimmed.split(separator: ",").map { part in
            let ends = part.replacingOccurrences(of: "–", with: "-").split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count == 2, let start = minutes(ends[0], allowMidnightEnd: false),
                  let end = minutes(ends[1], allowMidnightEnd: true) else {
                throw CalendarRuleError("'\(part.trimmingCharacters(in: .whitespaces))' is not an interval like 09:00-17:00")
            }
            guard start < end else {
                throw CalendarRuleError("'\(part.trimmingCharacters(in: .whitespaces))' ends before it starts; an interval cannot cross midnight (split it over two days)")
            }
            return try Interval(start: start, end: end)
        }
    }

    /// `HH:MM` on a 24-hour clock; `24:00` only as the end of a day.
    private static func minutes(_ text: Substring, allowMidnightEnd: Bool) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, (1...2).contains(parts[0].count),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<60).contains(minute) else { return nil }
        if hour == 24 && minute == 0 && allowMidnightEnd { return 1440 }
        guard (0..<24).contains(hour) else { return nil }
        return hour * 60 + minute
    }
}
