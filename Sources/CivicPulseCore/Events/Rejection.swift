import Foundation

/// A record that could not become an event, kept with enough context to find and fix it.
///
/// Every text is stored in `civicpulse.quarantine`, and the id, field and payload come from the
/// record itself, so a NUL in any of them is replaced by U+FFFD: the rejection of a bad record must
/// not itself be refused by the database.
public struct Rejection: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// Position of the record in the file's stream of records (0-based).
    public var recordIndex: Int
    /// Where the record sits in the payload: `data[3]`, `line 17`, `entry[0].changes[1]`.
    public var recordPath: String
    /// The record's platform id, when it had one.
    public var recordID: String?
    public var field: String
    public var reason: String
    /// The record as it arrived, so it can be replayed once fixed.
    public var payload: String

    public init(file: String, recordIndex: Int, recordPath: String, recordID: String?, field: String, reason: String, payload: String) {
        self.file = file.withoutNUL
        self.recordIndex = recordIndex
        self.recordPath = recordPath.withoutNUL
        self.recordID = recordID?.withoutNUL
        self.field = field.withoutNUL
        self.reason = reason.withoutNUL
        self.payload = payload.withoutNUL
    }

    public var description: String {
        "\(file): \(recordPath)\(recordID.map { " (id \($0))" } ?? ""): \(Self.problem(field: field, reason: reason))"
    }

    /// The `field` of a record that could not be read at all (a line of JSON Lines that is not
    /// JSON, or not an object): there is no field to name.
    public static let wholeRecord = "(line)"

    /// What is wrong, as the ingest and quarantine lines say it: `field 'f': reason`, or the
    /// reason alone for a whole record (`line 5: not valid JSON`), which read as a field named
    /// `(line)`.
    public static func problem(field: String, reason: String) -> String {
        field == wholeRecord ? reason : "field '\(field)': \(reason)"
    }
}
