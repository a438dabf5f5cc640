import Foundation

/// A record that could not become an event, kept with enough context to find and fix it.
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
        self.file = file
        self.recordIndex = recordIndex
        self.recordPath = recordPath
        self.recordID = recordID
        self.field = field
        self.reason = reason
        self.payload = payload
    }

    public var description: String {
        "\(file): \(recordPath)\(recordID.map { " (id \($0))" } ?? ""): field '\(field)': \(reason)"
    }
}
