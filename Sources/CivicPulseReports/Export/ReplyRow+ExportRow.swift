import CivicPulseReadModel
import Foundation

/// A reply as `export replies` writes it.
extension ReplyRow: ExportRow {
    public typealias Columns = CodingKeys

    public var csvFields: [String?] {
        [
            messageID.uuidString, itemID.uuidString, CSVLine.text(service), CSVLine.text(channel), CSVLine.text(account), priority,
            CSVLine.instant(itemOpenedAt), CSVLine.instant(sentAt), CSVLine.instant(repliedAt),
            CSVLine.number(replySeconds), CSVLine.number(businessReplySeconds), String(firstOfItem), CSVLine.text(responderAccount),
        ]
    }
}
