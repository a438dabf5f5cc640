import Foundation

/// The waits between attempts to reach a database that went away: from `initial`, doubling up
/// to `cap`, each shortened at random by up to `jitter` of itself, so that followers cut off by
/// the same restart do not all knock at the same instant, and a long outage costs one attempt
/// every half minute rather than a stream of them.
public struct ReconnectBackoff: Sendable {
    public var initial: Double
    public var cap: Double
    public var jitter: Double
    private var attempts = 0

    public init(initial: Double = 0.5, cap: Double = 30, jitter: Double = 0.2) {
        self.initial = initial
        self.cap = cap
        self.jitter = jitter
    }

    /// The wait before the next attempt, in seconds.
    public mutating func next<Generator: RandomNumberGenerator>(using generator: inout Generator) -> Double {
        let base = min(cap, initial * pow(2, Double(min(attempts, 62))))
        attempts += 1
        return base * (1 - jitter * Double.random(in: 0..<1, using: &generator))
    }

    public mutating func next() -> Double {
        var generator = SystemRandomNumberGenerator()
        return next(using: &generator)
    }
}
