import Foundation

/// A row an export writes (`export items`, `export replies`): the same keys, in the same order,
/// as the CSV header and as the keys of each JSON Lines object.
public protocol ExportRow: Encodable {
    associatedtype Columns: CodingKey & CaseIterable
    /// The fields in `Columns` order, as CSV writes them.
    var csvFields: [String?] { get }
}

extension ExportRow {
    /// The rows as CSV: a header of the JSON keys, then one line per row, in the same order.
    public static func csv(_ rows: [Self]) -> String {
        CSVLine.render(Columns.allCases.map(\.stringValue)) + rows.map { CSVLine.render($0.csvFields) }.joined()
    }
}
