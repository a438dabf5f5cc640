import Foundation

extension ExportedItem {
    /// The items as CSV: a header of the JSON keys, then one line per item, in the same order.
    public static func csv(_ items: [ExportedItem]) -> String {
        CSVLine.render(CodingKeys.allCases.map(\.rawValue)) + items.map { CSVLine.render($0.csvFields) }.joined()
    }

    /// The items as JSON Lines: one object per line, every key present (null when empty), as the
    /// JSON reports write them.
    public static func jsonLines(_ items: [ExportedItem]) throws -> String {
        try items.map { try reportJSON($0, oneLine: true) + "\n" }.joined()
    }

    /// The fields in `CodingKeys` order.
    private var csvFields: [String?] {
        [
            itemID.uuidString, CSVLine.text(service), CSVLine.text(channel), CSVLine.text(account), priority,
            CSVLine.instant(openedAt), CSVLine.instant(firstResponseAt),
            CSVLine.number(firstResponseSeconds), CSVLine.number(firstResponseBusinessSeconds),
            CSVLine.text(slaTarget), CSVLine.instant(dueAt), status, state.rawValue,
            CSVLine.instant(resolvedAt), CSVLine.number(resolutionSeconds), CSVLine.number(resolutionBusinessSeconds),
            councilReplies.map(String.init), String(resolvedAtFirstContact), CSVLine.text(platformID), CSVLine.text(url),
        ]
    }
}
