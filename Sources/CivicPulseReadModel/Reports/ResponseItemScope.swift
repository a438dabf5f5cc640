import Foundation

/// The instants a report's period covers: items opened from `start` up to `end` (exclusive),
/// judged at `asOf` (an answer after it is not one yet).
public struct PeriodBounds: Sendable, Equatable {
    public var start: Date
    public var end: Date
    public var asOf: Date

    public init(start: Date, end: Date, asOf: Date) {
        self.start = start
        self.end = end
        self.asOf = asOf
    }
}

/// Which response items a report reads: an org's, opened in a period, of one service and one
/// channel when they are given.
public struct ResponseItemScope: Sendable, Equatable {
    public var org: String
    public var period: PeriodBounds
    public var service: String?
    public var channel: String?

    public init(org: String, period: PeriodBounds, service: String? = nil, channel: String? = nil) {
        self.org = org
        self.period = period
        self.service = service
        self.channel = channel
    }
}
