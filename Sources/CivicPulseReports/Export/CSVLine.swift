import Foundation

/// One line of a CSV file (RFC 4180) as spreadsheets read it back.
///
/// A field holding a comma, a double quote or a line break is quoted, its quotes doubled, so a
/// URL with a comma or a service named `Roads, "Highways"` stays one cell. A text field that a
/// spreadsheet would take for a formula (starting `=`, `+`, `-`, `@`, a tab or a carriage
/// return) gets a leading `'`: a link taken from a platform is someone else's text, and opening
/// the export must not run it (OWASP, "CSV injection").
enum CSVLine {
    /// The fields joined by commas, ending in CRLF as RFC 4180 has it; nil is an empty field.
    static func render(_ fields: [String?]) -> String {
        fields.map { $0.map(quoted) ?? "" }.joined(separator: ",") + "\r\n"
    }

    /// A text field made safe to open: defused when it looks like a formula, then quoted if needed.
    static func text(_ value: String?) -> String? {
        guard let value, let first = value.unicodeScalars.first else { return value }
        return "=+-@\t\r".unicodeScalars.contains(first) ? "'" + value : value
    }

    /// `1800` for a whole number of seconds, else as Swift prints it (`1800.5`).
    static func number(_ value: Double?) -> String? {
        guard let value else { return nil }
        return value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// `2026-11-16T10:00:00Z` (or `…00.300Z`), as the JSON reports write instants.
    static func instant(_ value: Date?) -> String? {
        value.map(Formatting.instant)
    }

    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
