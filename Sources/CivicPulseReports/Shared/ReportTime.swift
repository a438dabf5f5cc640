import CivicPulseCore
import Foundation

/// Times and durations as people type them on the command line, checked here so that nothing
/// Foundation or PostgreSQL cannot hold gets past them.
public enum ReportTime {
    /// The years a time or a day may fall in: the log holds nothing before 1970 (the platforms
    /// are younger than Unix time), and PostgreSQL takes four-digit years as we write them.
    public static let years = 1970...9999
    /// The offsets real time zones have, UTC−12:00 to UTC+14:00.
    static let offsets = -12 * 3600...14 * 3600
    /// The longest duration, 10 years: longer than any log a council keeps, and far from the
    /// microseconds beyond which an instant cannot be sent to PostgreSQL.
    public static let longestDuration: TimeInterval = 3650 * 86_400

    private nonisolated(unsafe) static let pattern = try! Regex(
        #"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})([.,][0-9]{1,9})?)?(Z|z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"#)

    /// `2026-11-21` (local midnight), `2026-11-21T14:00` or `2026-11-21 14:00:30` (local wall
    /// clock), or an instant with its offset (`2026-11-21T14:00:00Z`, `…+01:00`, `…+0100`).
    public static func parse(_ text: String, in zone: TimeZone) throws -> Date {
        let notATime = ArgumentProblem.notATime(in: zone.identifier)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let match = try? pattern.wholeMatch(in: trimmed), let date = CivilDate(String(trimmed.prefix(10))) else { throw notATime }
        try check(day: date)
        func number(_ index: Int) -> Int { match.output[index].substring.flatMap { Int($0) } ?? 0 }
        let (hour, minute, second) = (number(2), number(3), number(4))
        guard hour < 24, minute < 60, second < 60 else { throw notATime }
        let fraction = match.output[5].substring.flatMap { Double("0." + $0.dropFirst()) } ?? 0
        guard let offsetText = match.output[6].substring else {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let components = DateComponents(year: date.year, month: date.month, day: date.day, hour: hour, minute: minute, second: second)
            guard let local = calendar.date(from: components) else { throw notATime }
            return local.addingTimeInterval(fraction)
        }
        let offset = try self.offset(offsetText)
        let seconds = date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// `Z`, `+01:00`, `-0530` or `+01`: seconds east of UTC.
    private static func offset(_ text: Substring) throws -> Int {
        guard text.uppercased() != "Z" else { return 0 }
        let digits = text.dropFirst().filter { $0 != ":" }
        let hours = Int(digits.prefix(2)) ?? 0, minutes = Int(digits.dropFirst(2)) ?? 0
        let offset = (text.first == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        guard minutes < 60, offsets.contains(offset) else { throw ArgumentProblem.offsetOutOfRange }
        return offset
    }

    /// Refuses a day outside ``years``.
    public static func check(day: CivilDate) throws {
        guard years.contains(day.year) else { throw ArgumentProblem.yearOutOfRange(years) }
    }

    /// `45m`, `1h`, `1h30m`, `2d`, `1w` (also `min`, `s`), up to ``longestDuration``: seconds.
    public static func duration(_ text: String) throws -> TimeInterval {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("-"), (try? duration(String(trimmed.dropFirst()))) != nil {
            throw ArgumentProblem.negativeDuration(positive: String(trimmed.dropFirst()))
        }
        let notADuration = ArgumentProblem.notADuration
        let tooLong = ArgumentProblem.durationTooLong(limit: describe(longestDuration))
        let units: [String: TimeInterval] = ["s": 1, "m": 60, "min": 60, "h": 3600, "d": 86_400, "w": 604_800]
        var rest = Substring(trimmed.lowercased())
        var total: TimeInterval = 0
        guard !rest.isEmpty else { throw notADuration }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { throw notADuration }
            rest = rest.dropFirst(digits.count).drop { $0 == " " }
            let unit = rest.prefix { $0.isLetter }
            guard let seconds = units[String(unit)] else { throw notADuration }
            // Digits past Int's range still name a duration, just far too long a one.
            guard let number = Int(digits) else { throw tooLong }
            total += Double(number) * seconds
            rest = rest.dropFirst(unit.count).drop { $0 == " " }
        }
        guard total > 0 else { throw notADuration }
        guard total <= longestDuration else { throw tooLong }
        return total
    }

    /// `1h`, `1h 30m`, `2d`: a duration as `duration(_:)` reads it.
    public static func describe(_ seconds: TimeInterval) -> String {
        let total = Int(seconds)
        let parts = [(total / 86_400, "d"), (total % 86_400 / 3600, "h"), (total % 3600 / 60, "m"), (total % 60, "s")]
        let text = parts.filter { $0.0 > 0 }.map { "\($0.0)\($0.1)" }.joined(separator: " ")
        return text.isEmpty ? "0s" : text
    }

    /// `Sat 21 Nov 14:00` on the org's wall clock.
    public static func label(_ date: Date, in zone: TimeZone) -> String {
        var style = Date.VerbatimFormatStyle(
            format: "\(weekday: .abbreviated) \(day: .defaultDigits) \(month: .abbreviated) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits)",
            timeZone: zone, calendar: Calendar(identifier: .gregorian)
        )
        style.locale = Locale(identifier: "en_GB")
        return date.formatted(style)
    }
}
