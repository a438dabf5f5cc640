import Foundation

/// What fetch does with one answer from a platform.
public enum ResponseAction: Sendable, Equatable {
    /// A page: archive it and ingest it.
    case page
    /// Send the same request again after this long (a 5xx or a time-out, within the retries).
    case retry(after: Duration)
    /// Rate limited: send the same request again at this time, which is within the allowed wait.
    case waitUntil(Date)
    /// Stop every walk of this account; the others go on.
    case stopAccount(Stop)
    /// Stop this walk; the account's other walks go on.
    case stopWalk(Stop)
    /// Stop every walk of the platform in this run: what failed is shared by all its accounts
    /// (YouTube's daily quota, its one API key).
    case stopPlatform(Stop)
}

/// Why a walk or an account stopped, and whether a person has to do something about it.
public struct Stop: Sendable, Equatable {
    public var reason: String
    /// False when the next run will simply carry on (a rate-limit window too far off).
    public var needsPerson: Bool

    public init(_ reason: String, needsPerson: Bool) {
        self.reason = reason
        self.needsPerson = needsPerson
    }
}
