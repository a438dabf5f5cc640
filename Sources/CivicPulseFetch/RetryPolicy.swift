import Foundation

/// How patient fetch is with a platform: retries on failures, and how long it waits for a rate limit.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries of one request after a 5xx or a time-out, before the walk stops.
    public var maxRetries: Int
    /// The first back-off; each retry doubles it, up to `maxDelay`, and jitter takes up to half off.
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// The longest fetch waits for a rate-limit window to reset; a longer wait stops the account
    /// until the next run instead of holding a timer's run for most of an hour.
    public var maxRateLimitWait: Duration

    public init(maxRetries: Int = 3, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(30),
                maxRateLimitWait: Duration = .seconds(15 * 60)) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRateLimitWait = maxRateLimitWait
    }

    /// The wait before retry number `attempt` (1 for the first retry).
    ///
    /// - Parameter jitter: a number in 0...1 (random in use): clients that failed together then
    ///   retry apart instead of all at once.
    public func backoff(attempt: Int, jitter: Double) -> Duration {
        let doubled = baseDelay * (1 << min(max(attempt - 1, 0), 20))
        let capped = min(doubled, maxDelay)
        return capped * (1 - 0.5 * min(max(jitter, 0), 1))
    }
}
