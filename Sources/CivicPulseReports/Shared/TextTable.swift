import Foundation

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
