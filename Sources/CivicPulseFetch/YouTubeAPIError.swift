import CivicPulseCore
import Foundation

/// The parts of a Google API error body fetch decides on: `{"error":{"code","message","errors":[{"reason"}],
/// "details":[{"reason"}]}}`, both the old style (`errors[].reason: keyInvalid`) and the new
/// (`details[].reason: API_KEY_INVALID`). Its message is Google's, naming no key.
struct YouTubeAPIError: Sendable, Equatable {
    var reasons: [String]
    var message: String?

    init(reasons: [String], message: String?) {
        self.reasons = reasons
        self.message = message
    }

    init(_ body: Data) {
        let error = (try? JSONValue.parse(body))?["error"]
        let listed = (error?["errors"]?.arrayValue ?? []) + (error?["details"]?.arrayValue ?? [])
        reasons = listed.compactMap { $0["reason"]?.stringValue }
        message = error?["message"]?.stringValue
    }

    /// The daily quota is used up (`quotaExceeded`; `dailyLimitExceeded` in older answers).
    var isQuotaExceeded: Bool {
        reasons.contains("quotaExceeded") || reasons.contains("dailyLimitExceeded")
    }

    /// The key is wrong, expired, restricted away from this API, or the API is not enabled for
    /// its project: every request with it will fail the same way.
    var isKeyRefused: Bool {
        let keyReasons: Set<String> = ["keyInvalid", "keyExpired", "API_KEY_INVALID", "API_KEY_EXPIRED", "accessNotConfigured",
                                       "SERVICE_DISABLED", "ipRefererBlocked", "API_KEY_SERVICE_BLOCKED"]
        return reasons.contains(where: keyReasons.contains) || (message?.contains("API key") ?? false)
    }

    /// A short-term rate limit, which a later retry clears.
    var isRateLimited: Bool {
        reasons.contains("rateLimitExceeded") || reasons.contains("userRateLimitExceeded") || reasons.contains("RATE_LIMIT_EXCEEDED")
    }

    /// `(channelNotFound): The channel identified with the request's allThreadsRelatedToChannelId parameter cannot be found.`
    var summary: String {
        let reason = reasons.first.map { " (\($0))" } ?? ""
        return reason + (message.map { ": \($0)" } ?? "")
    }
}
