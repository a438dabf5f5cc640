import CivicPulseCore
import Foundation

/// YouTube Data API error bodies: `{"error":{"code","message","errors":[{"reason","domain","message"}],"status"?}}`,
/// the old style (`usageLimits`/`keyInvalid`) and the new (`status: PERMISSION_DENIED`).
/// They are reported as one whole-response platform error, never read as data.
enum YouTubeErrors {
    /// Whether `document` is a Google API error body. Graph API errors are also `{"error":{…}}`
    /// but carry `type` and `fbtrace_id`, never `errors[]` or a `status` word.
    static func isErrorBody(_ document: JSONValue) -> Bool {
        guard let error = document["error"], error.objectValue != nil, error["type"] == nil else { return false }
        if let errors = error["errors"]?.arrayValue {
            return errors.allSatisfy { $0["reason"] != nil || $0["domain"] != nil }
        }
        return error["status"]?.stringValue != nil && error["code"] != nil
    }

    /// Adds the platform error `document` carries; true when it was an error body.
    static func report(_ document: JSONValue, into batch: inout NormalisedBatch) -> Bool {
        guard isErrorBody(document), let error = document["error"] else { return false }
        var message = "YouTube error"
        if let code = error["code"]?.idString { message += " \(code)" }
        if let status = error["status"]?.stringValue { message += " \(status)" }
        let summary = error["message"]?.stringValue ?? "(no message)"
        message += ": \(summary)"
        let reasons = (error["errors"]?.arrayValue ?? []).map { item in
            let origin = [item["domain"]?.stringValue, item["reason"]?.stringValue].compactMap { $0 }.joined(separator: "/")
            guard let detail = item["message"]?.stringValue, detail != summary else { return origin }
            return "\(origin): \(detail)"
        }
        if !reasons.isEmpty { message += " (\(reasons.joined(separator: "; ")))" }
        batch.platformErrors.append(PlatformError(file: batch.file, message: message, isWholeResponse: true))
        return true
    }
}
