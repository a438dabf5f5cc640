import Foundation
import Postgres

/// Response figures of one group of items in one period, as the database counts them; the
/// reports derive rates and the at-risk count.
public struct ResponseFigureRow: Sendable, Equatable {
    /// Which of the periods asked for (0 for the first).
    public var period: Int
    /// The row of every item of the period, whatever the grouping.
    public var isTotal: Bool
    public var service: String?
    public var channel: String?
    public var inbound: Int
    public var answered: Int
    public var meanSeconds: Double?
    public var medianSeconds: Double?
    public var p90Seconds: Double?
    public var p95Seconds: Double?
    public var medianBusinessSeconds: Double?
    /// Answered items that took no business time.
    public var answeredInClosedHours: Int
    public var withinTarget: Int
    public var judged: Int
    public var open: Int
    public var oldestOpenSeconds: Double?
    public var urgent: Int

    init(row: Row) throws {
        period = try row.decode(Int.self, "n") - 1
        isTotal = try row.decode(Bool.self, "is_total")
        service = isTotal ? nil : try row.decode(String?.self, "service")
        channel = isTotal ? nil : try row.decode(String?.self, "channel")
        inbound = try row.decode(Int.self, "inbound")
        answered = try row.decode(Int.self, "answered")
        meanSeconds = try row.decode(Double?.self, "mean_s")
        medianSeconds = try row.decode(Double?.self, "median_s")
        p90Seconds = try row.decode(Double?.self, "p90_s")
        p95Seconds = try row.decode(Double?.self, "p95_s")
        medianBusinessSeconds = try row.decode(Double?.self, "median_business_s")
        answeredInClosedHours = try row.decode(Int.self, "closed_hours")
        withinTarget = try row.decode(Int.self, "within_target")
        judged = try row.decode(Int.self, "judged")
        open = try row.decode(Int.self, "open")
        oldestOpenSeconds = try row.decode(Double?.self, "oldest_open_s")
        urgent = try row.decode(Int.self, "urgent")
    }
}

/// An open item not yet due at its period's as-of instant: one that may be at risk, which the
/// report judges on the service's calendar.
public struct AtRiskCandidateRow: Sendable, Equatable {
    /// Which of the periods asked for (0 for the first).
    public var period: Int
    public var service: String
    public var channel: String
    public var openedAt: Date
    public var dueAt: Date
    public var businessClock: Bool?
    public var itemID: UUID
    public var urgent: Bool
}
