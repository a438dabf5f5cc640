import Foundation

extension Resolution {
    /// Reads `sla.resolution_quiet_period`: elapsed time such as `48 hours` or `3 days` (the
    /// default when absent). Working time is refused: whether a resident has gone quiet does not
    /// depend on the council's opening hours.
    public static func quietPeriod(_ node: ConfigNode?) throws -> TimeInterval {
        guard let node else { return defaultQuietPeriod }
        let text = try node.string()
        guard let period = try? SLATarget(parsing: text), period.clock == .elapsed else {
            throw node.error("'\(text)' is not a quiet period; write a number, then minutes, hours or days of elapsed time (e.g. '48 hours')")
        }
        return TimeInterval(period.amount * period.unit.seconds)
    }
}
