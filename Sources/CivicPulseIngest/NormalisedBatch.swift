import CivicPulseCore
import Foundation

/// An error the platform itself reported inside a payload (not bad data of ours).
public struct PlatformError: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var message: String
    /// True when the whole file is an error response with no data: someone must fetch it again.
    public var isWholeResponse: Bool

    public var description: String { "\(file): platform error: \(message)" }
}

/// What one payload file turned into.
public struct NormalisedBatch: Sendable {
    public var file: String
    /// What the reader recognised, in words: "Twitter API v2 page (12 tweets, 3 included)".
    public var recognisedAs: String
    public var recordsRead = 0
    public var events: [EngagementEvent] = []
    public var rejections: [Rejection] = []
    public var platformErrors: [PlatformError] = []

    public init(file: String, recognisedAs: String) {
        self.file = file
        self.recognisedAs = recognisedAs
    }

    mutating func reject(_ index: Int, _ path: String, id: String?, field: String, _ reason: String, record: JSONValue) {
        rejections.append(Rejection(file: file, recordIndex: index, recordPath: path, recordID: id, field: field, reason: reason, payload: record.jsonText))
    }
}

/// A record's problem, raised while normalising it and turned into a ``Rejection``.
struct FieldProblem: Error {
    var field: String
    var reason: String

    static func missing(_ field: String) -> FieldProblem {
        FieldProblem(field: field, reason: "missing")
    }
}

extension JSONValue {
    /// A required string field (ids may arrive as numbers).
    func requiredID(_ key: String) throws -> String {
        guard let value = self[key] else { throw FieldProblem.missing(key) }
        guard let id = value.idString, !id.isEmpty else { throw FieldProblem(field: key, reason: "expected an id string, got \(value.jsonText.prefix(40))") }
        return id
    }

    /// A required timestamp in any format the platforms use.
    func requiredTime(_ key: String) throws -> Date {
        guard let value = self[key] else { throw FieldProblem.missing(key) }
        guard let date = PlatformTimestamp.parse(value) else {
            throw FieldProblem(field: key, reason: "not a timestamp: \(value.jsonText.prefix(40))")
        }
        return date
    }
}
