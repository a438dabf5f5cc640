import CivicPulseCore
import Foundation

/// Times and durations as people type them on the command line.
public enum ReportTime {
    /// `2026-11-21` (local midnight), `2026-11-21T14:00` or `2026-11-21 14:00` (local wall clock),
    /// or any instant with a zone (`2026-11-21T14:00:00Z`, `…+01:00`).
    public static func parse(_ text: String, in zone: TimeZone) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = CivilDate(trimmed) {
            return local(year: date.year, month: date.month, day: date.day, hour: 0, minute: 0, zone: zone)
        }
        let pattern = #"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(:00)?$"#
        if let match = trimmed.range(of: pattern, options: .regularExpression), match == trimmed.startIndex..<trimmed.endIndex,
           let date = CivilDate(String(trimmed.prefix(10))) {
            let time = trimmed.dropFirst(11)
            guard let hour = Int(time.prefix(2)), let minute = Int(time.dropFirst(3).prefix(2)), hour < 24, minute < 60 else { return nil }
            return local(year: date.year, month: date.month, day: date.day, hour: hour, minute: minute, zone: zone)
        }
        return PlatformTimestamp.parse(trimmed)
    }

    private static func local(year: Int, month: Int, day: Int, hour: Int, minute: Int, zone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))
    }

    /// `45m`, `1h`, `1h30m`, `2d`, `1w` (also `min`, `s`): seconds, or nil.
    public static func duration(_ text: String) -> TimeInterval? {
        let units: [String: TimeInterval] = ["s": 1, "m": 60, "min": 60, "h": 3600, "d": 86_400, "w": 604_800]
        var rest = Substring(text.trimmingCharacters(in: .whitespaces).lowercased())
        var total: TimeInterval = 0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard let number = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count).drop { $0 == " " }
            let unit = rest.prefix { $0.isLetter }
            guard let seconds = units[String(unit)] else { return nil }
            total += Double(number) * seconds
            rest = rest.dropFirst(unit.count).drop { $0 == " " }
        }
        return total > 0 ? total : nil
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
