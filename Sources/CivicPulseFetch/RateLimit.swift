import Foundation

/// X's rate-limit headers: requests left in the window and when it resets.
public struct RateLimit: Sendable, Equatable {
    public var remaining: Int?
    public var reset: Date?

    /// Reads `x-rate-limit-remaining` and `x-rate-limit-reset` (Unix seconds).
    public init(_ response: HTTPResponse) {
        remaining = response.header("x-rate-limit-remaining").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        reset = response.header("x-rate-limit-reset").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            .map(Date.init(timeIntervalSince1970:))
    }

    public init(remaining: Int?, reset: Date?) {
        self.remaining = remaining
        self.reset = reset
    }

    /// Waits until the window resets when that is within `policy`'s limit, else stops the account.
    ///
    /// Without a reset time the window is taken to be X's usual 15 minutes.
    func waitForReset(now: Date, policy: RetryPolicy, what: String) -> ResponseAction {
        let until = reset ?? now.addingTimeInterval(15 * 60)
        let wait = max(0, until.timeIntervalSince(now))
        let allowed = Double(policy.maxRateLimitWait.components.seconds)
        guard wait <= allowed else {
            return .stopAccount(Stop("\(what); the window resets at \(PlatformClock.iso(until)), after the longest wait allowed (--max-wait \(Int(allowed)) s): it carries on next run", needsPerson: false))
        }
        // A second more: a request right on the reset can still land in the old window.
        return .waitUntil(until.addingTimeInterval(1))
    }
}
