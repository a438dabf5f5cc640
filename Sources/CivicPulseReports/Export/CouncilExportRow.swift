import Foundation

/// A council's row in an export of several councils (`--org all`): the council's org, then the
/// row exactly as the council's own export writes it, so the rows of each council are its own
/// export's with one column more.
public struct CouncilExportRow<Row: ExportRow>: Encodable {
    public var org: String
    public var row: Row

    public init(org: String, row: Row) {
        self.org = org
        self.row = row
    }

    private enum OrgKey: String, CodingKey {
        case org
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: OrgKey.self)
        try container.encode(org, forKey: .org)
        try row.encode(to: encoder)
    }

    /// The rows as CSV: `org` and the council's own export's header, then one line per row.
    public static func csv(_ rows: [Self]) -> String {
        CSVLine.render(["org"] + Row.Columns.allCases.map(\.stringValue)) + rows.map { CSVLine.render([$0.org] + $0.row.csvFields) }.joined()
    }
}
