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

/// An aligned plain-text table: a header, a rule, rows; numbers right-aligned.
public struct TextTable {
    public var headers: [String]
    public var rows: [[String]] = []
    /// Columns (by index) aligned left; the rest are right-aligned.
    public var leftAligned: Set<Int> = [0]

    public init(headers: [String], leftAligned: Set<Int> = [0]) {
        self.headers = headers
        self.leftAligned = leftAligned
    }

    public mutating func add(_ row: [String]) {
        rows.append(row)
    }

    /// The table, every cell through `TerminalText.safe`: cells hold handles, topics and links
    /// from payloads.
    public func render() -> String {
        let headers = headers.map(TerminalText.safe)
        let rows = rows.map { $0.map(TerminalText.safe) }
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { column < $0.count ? $0[column] : "" }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return leftAligned.contains(column) ? cell + pad : pad + cell
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
    }
}
