import Foundation

/// Readers for the pieces of calendar and SLA YAML, each failing at the node that is wrong.
enum CalendarYAML {
    /// Runs a text parser, turning its ``CalendarRuleError`` into a ``ConfigError`` at `node`.
    static func checked<T>(_ node: ConfigNode, _ read: (String) throws -> T) throws -> T {
        let text = try node.string()
        do {
            return try read(text)
        } catch let error as CalendarRuleError {
            throw node.error(error.message)
        }
    }

    /// An IANA zone name that Foundation knows (`Europe/London`, `UTC`); abbreviations such
    /// as `BST` are refused because they are ambiguous and do not follow DST.
    static func timeZone(_ node: ConfigNode) throws -> TimeZone {
        try checked(node) { name in
            guard name == "UTC" || TimeZone.knownTimeZoneIdentifiers.contains(name), let zone = TimeZone(identifier: name) else {
                throw CalendarRuleError("unknown time zone '\(name)' (use an IANA name such as Europe/London)")
            }
            return zone
        }
    }

    static func date(_ node: ConfigNode) throws -> CivilDate {
        try checked(node) { text in
            guard let date = CivilDate(text) else { throw CalendarRuleError("'\(text)' is not a date like 2026-12-24") }
            return date
        }
    }

    /// Dates and inclusive ranges: `[2026-12-24, 2026-12-29..2026-12-31]`, or a single one.
    static func dates(_ node: ConfigNode) throws -> Set<CivilDate> {
        let items = node.node.scalar != nil ? [node] : try node.items()
        var dates: Set<CivilDate> = []
        for item in items {
            try dates.formUnion(checked(item) { text in
                let ends = text.components(separatedBy: "..")
                guard (1...2).contains(ends.count), let first = CivilDate(ends[0].trimmingCharacters(in: .whitespaces)),
                      let last = CivilDate(ends[ends.count - 1].trimmingCharacters(in: .whitespaces)) else {
                    throw CalendarRuleError("'\(text)' is not a date like 2026-12-24 or a range like 2026-12-24..2026-12-31")
                }
                guard first <= last, last.daysSinceEpoch - first.daysSinceEpoch < 366 else {
                    throw CalendarRuleError("'\(text)' must run forwards and span at most a year")
                }
                return (first.daysSinceEpoch...last.daysSinceEpoch).map(CivilDate.init(daysSinceEpoch:))
            })
        }
        return dates
    }

    static func region(_ node: ConfigNode) throws -> BankHolidayRegion? {
        try checked(node) { text in
            if text == "none" { return nil }
            guard let region = BankHolidayRegion(rawValue: text) else {
                throw CalendarRuleError("'\(text)' is not one of: england_and_wales, scotland, northern_ireland, none")
            }
            return region
        }
    }

    /// The weekly `hours:` mapping, each key a day or range of days.
    static func hours(_ node: ConfigNode) throws -> OpeningHours {
        var entries: [(days: String, intervals: String)] = []
        var seen: [Int: String] = [:]
        for (days, value) in try node.entries() {
            let weekdays: [Int]
            do {
                weekdays = try OpeningHours.weekdays(in: days)
                _ = try OpeningHours(parsing: [(days, try value.string())])
            } catch let error as CalendarRuleError {
                throw value.error(error.message)
            }
            if let clash = weekdays.first(where: { seen[$0] != nil }) {
                throw value.error("\(OpeningHours.dayNames[clash - 1]) is already given by '\(seen[clash]!)'")
            }
            weekdays.forEach { seen[$0] = days }
            entries.append((days, try value.string()))
        }
        do {
            let hours = try OpeningHours(parsing: entries)
            guard !hours.isNeverOpen else { throw CalendarRuleError("a calendar must open at some time in the week") }
            return hours
        } catch let error as CalendarRuleError {
            throw node.error(error.message)
        }
    }

    /// A calendar's rules from a mapping; absent keys carry over from `base` (a version's parent).
    /// Without a base, `hours` and `bank_holidays` are required: a Scottish council must never
    /// get English holidays by default.
    static func rules(_ node: ConfigNode, over base: BusinessCalendar?, timeZone: TimeZone) throws -> BusinessCalendar {
        guard let hours = try node.optional("hours").map(Self.hours) ?? base?.hours else {
            throw node.error("missing required key 'hours' (e.g. mon-fri: \"09:00-17:00\")")
        }
        let regionNode = try node.optional("bank_holidays")
        guard regionNode != nil || base != nil else {
            throw node.error("missing required key 'bank_holidays' (england_and_wales, scotland, northern_ireland or none)")
        }
        let region = try regionNode.map { try Self.region($0) } ?? base?.bankHolidays
        return BusinessCalendar(
            timeZone: timeZone, hours: hours, bankHolidays: region,
            closures: try node.optional("closures").map(Self.dates) ?? base?.closures ?? [],
            openOn: try node.optional("open_on").map(Self.dates) ?? base?.openOn ?? []
        )
    }
}
