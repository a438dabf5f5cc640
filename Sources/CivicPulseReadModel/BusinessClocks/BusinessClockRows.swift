import CivicPulseCore
import Foundation

/// The rows of each council's business clocks (`projections.business_clocks` and
/// `projections.business_clock_periods`, migration 130): per calendar version, the span it is
/// written out over and its open periods (`BusinessClock`), which analysts' SQL reads business
/// time from. `PostgresBusinessClockRows` keeps them in the batch's transaction,
/// `MemoryBusinessClockRows` in memory, for tests without a server.
public protocol BusinessClockRows {
    /// The council's stored clocks by calendar version label.
    func stored(org: String) throws -> [String: StoredBusinessClock]
    /// Replaces the clock `label` of `org` by `periods` over `[from, to]`.
    func replace(org: String, label: String, from: Date, to: Date, periods: [BusinessClockPeriod]) throws
    /// Extends the clock `label` of `org` to `to` with `periods`, which follow its last one.
    func extend(org: String, label: String, to: Date, periods: [BusinessClockPeriod]) throws
    /// Empties every council's clocks, for a rebuild.
    func reset() throws
}

/// A stored clock: the span it covers and its last period (nil for a span with no open time).
public struct StoredBusinessClock: Sendable, Equatable {
    public var coversFrom: Date
    public var coversTo: Date
    public var last: BusinessClockPeriod?

    public init(coversFrom: Date, coversTo: Date, last: BusinessClockPeriod?) {
        self.coversFrom = coversFrom
        self.coversTo = coversTo
        self.last = last
    }
}
