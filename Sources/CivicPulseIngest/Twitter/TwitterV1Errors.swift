import CivicPulseCore
import Foundation

/// Twitter API v1.1's two error bodies: `{"errors":[{"code","message"}]}` and the older
/// `{"request":"/1.1/…","error":"Not authorized."}`. They are reported, never read as data.
enum TwitterV1Errors {
    /// Whether `document` is a v1.1 error body. v2 errors carry `title`/`detail`/`type` and no
    /// numeric `code`, which is what tells the two apart.
    static func isErrorBody(_ document: JSONValue) -> Bool {
        if document["request"]?.stringValue != nil, document["error"]?.stringValue != nil { return true }
        guard document["title"] == nil, document["data"] == nil, let errors = document["errors"]?.arrayValue, !errors.isEmpty else {
            return false
        }
        return errors.allSatisfy { error in
            if case .number = error["code"] ?? .null {
                return error["message"]?.stringValue != nil && error["title"] == nil
            }
            return false
        }
    }

    /// Adds the platform errors `document` carries; true when it was an error body.
    static func report(_ document: JSONValue, into batch: inout NormalisedBatch) -> Bool {
        guard isErrorBody(document) else { return false }
        if let message = document["error"]?.stringValue {
            let request = document["request"]?.stringValue.map { " (\($0))" } ?? ""
            batch.platformErrors.append(PlatformError(file: batch.file, message: "Twitter error: \(message)\(request)", isWholeResponse: true))
        }
        for error in document["errors"]?.arrayValue ?? [] {
            let code = error["code"]?.idString ?? "?"
            let message = error["message"]?.stringValue ?? ""
            batch.platformErrors.append(PlatformError(file: batch.file, message: "Twitter error \(code): \(message)", isWholeResponse: true))
        }
        return true
    }
}
