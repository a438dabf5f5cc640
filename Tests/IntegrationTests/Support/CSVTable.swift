import Foundation

/// A CSV file read back as RFC 4180 says: quoted fields may hold commas, doubled quotes and line breaks.
struct CSVTable {
    var header: [String] = []
    var rows: [[String]] = []

    init(_ text: String) {
        var records: [[String]] = []
        var record: [String] = [], field = "", quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let char = chars.popFirst() {
            switch (quoted, char) {
            case (true, "\""):
                if chars.first == "\"" { field.unicodeScalars.append(chars.removeFirst()) } else { quoted = false }
            case (true, _): field.unicodeScalars.append(char)
            case (false, "\""): quoted = true
            case (false, ","): record.append(field); field = ""
            case (false, "\r"): continue
            case (false, "\n"): record.append(field); records.append(record); record = []; field = ""
            default: field.unicodeScalars.append(char)
            }
        }
        header = records.first ?? []
        rows = Array(records.dropFirst())
    }

    func column(_ name: String) -> [String] {
        guard let index = header.firstIndex(of: name) else { return [] }
        return rows.map { $0[index] }
    }
}
