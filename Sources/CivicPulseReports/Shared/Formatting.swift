import CivicPulseCore
import Foundation

/// How reports write numbers for people.
public enum Formatting {
    /// `45s`, `12m`, `3h 05m`, `2d 4h`: short, and precise enough to compare at a glance.
    public static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "–" }
        let total = Int(seconds.rounded())
        switch total {
        case ..<60: return "\(total)s"
        case ..<3600: return "\(total / 60)m"
        case ..<86_400: return String(format: "%dh %02dm", total / 3600, total % 3600 / 60)
        default: return "\(total / 86_400)d \(total % 86_400 / 3600)h"
        }
    }

    /// `1,217`: a count with thousands separators, as every text report writes counts; `–` for
    /// one that is not available.
    public static func count(_ value: Int?) -> String {
        value.map { $0.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_GB"))) } ?? "–"
    }

    /// `87%`, or `–` when there is nothing to divide by.
    public static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "–" : "\(Int((Double(part) * 100 / Double(whole)).rounded()))%"
    }

    public static func ratio(_ part: Int, of whole: Int) -> Double? {
        whole == 0 ? nil : Double(part) / Double(whole)
    }

    /// `2026-11-16T10:00:00Z` in UTC (ISO 8601), with the milliseconds when the instant has any
    /// (`2026-11-16T10:00:00.300Z`): how JSON and CSV write instants, so a duration recomputed
    /// from two of them is the one written beside them (`ExactSeconds`).
    /// The milliseconds are written from the instant's whole millisecond, not by the formatter,
    /// which cuts 10:01:00.001 read back from the database down to 10:01:00.000.
    public static func instant(_ date: Date) -> String {
        let (second, millis) = ExactSeconds.secondAndMillis(date)
        let whole = second.formatted(.iso8601)
        return millis == 0 ? whole : whole.dropLast() + String(format: ".%03dZ", millis)
    }

    /// `2026-11-20 16:45` on the org's wall clock.
    public static func local(_ date: Date, in zone: TimeZone) -> String {
        var style = Date.VerbatimFormatStyle(
            format: "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits)",
            timeZone: zone, calendar: Calendar(identifier: .gregorian)
        )
        style.locale = Locale(identifier: "en_GB")
        return date.formatted(style)
    }
}
