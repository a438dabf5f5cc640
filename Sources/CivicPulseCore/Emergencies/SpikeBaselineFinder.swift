import Foundation

extension SpikeDetector {
    /// Weeks of the same hour that make a weekly baseline.
    public static let weeksBack = 4
    /// Days of the same hour that make a daily baseline, when there is not yet a week of history.
    public static let daysBack = 6
    /// Hours that make a recent baseline, when there is not yet a day of history.
    public static let recentHours = 12

    /// The usual level for `hour`, from the most like-for-like history there is; nil when there is
    /// not yet enough history to judge it (the first 12 hours of the log).
    ///
    /// 1. Weekly: the mean of the same hour of the week in up to 4 previous weeks. This keeps the
    ///    weekly rhythm: Monday 10:00 is compared with earlier Mondays at 10:00.
    /// 2. Daily: with less than a week of history, the busiest of the same hour on up to 6 previous
    ///    days — the busiest, because those days may be quieter weekdays or a weekend.
    /// 3. Recent: with less than a day, the busiest of the 12 hours before.
    ///
    /// While a spike lasts (`openSince`), only hours before it began count, so a long incident
    /// is measured against normal times rather than against itself.
    public func baseline(for hour: Date, openSince: Date?, in series: HourlySeries) -> SpikeBaseline? {
        let before = openSince ?? hour
        func usable(_ reference: Date) -> Bool { series.isKnown(reference) && reference < before }

        let weekly = (1...Self.weeksBack).map { clock.shifting(hour, days: -7 * $0) }.filter(usable)
        if !weekly.isEmpty {
            let total = weekly.reduce(0) { $0 + series.count(at: $1) }
            return SpikeBaseline(value: Double(total) / Double(weekly.count), kind: .weekly, references: weekly.count)
        }
        let daily = (1...Self.daysBack).map { clock.shifting(hour, days: -$0) }.filter(usable)
        if !daily.isEmpty {
            let busiest = daily.map { series.count(at: $0) }.max() ?? 0
            return SpikeBaseline(value: Double(busiest), kind: .daily, references: daily.count)
        }
        let recent = (1...Self.recentHours).map { before.addingTimeInterval(-Double($0) * HourClock.hour) }
        guard recent.allSatisfy(series.isKnown) else { return nil }
        let busiest = recent.map { series.count(at: $0) }.max() ?? 0
        return SpikeBaseline(value: Double(busiest), kind: .recent, references: recent.count)
    }
}
