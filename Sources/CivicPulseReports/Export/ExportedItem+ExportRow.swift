import Foundation

/// An item as `export items` writes it.
extension ExportedItem: ExportRow {
    public typealias Columns = CodingKeys

    public var csvFields: [String?] {
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
