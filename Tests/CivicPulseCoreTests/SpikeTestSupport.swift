import Foundation
@testable import CivicPulseCore

/// Hand-made hourly series on London's wall clock, for the spike detector's tests.
///
/// A normal week follows a council's rhythm: few messages at night, a morning peak, Monday the
/// busiest day and weekends quiet. Counts are written by local day and hour, so a series that
/// crosses the October clock change keeps each weekday's peak at the same local time.
struct SpikeSeriesBuilder {
    static let london = TimeZone(identifier: "Europe/London")!
    static let clock = HourClock(timeZone: london)

    /// Relative volume by local hour, 00 to 23.
    static let hourly: [Double] = [
        0.15, 0.08, 0.05, 0.04, 0.05, 0.12, 0.35, 0.75, 1.25, 1.6, 1.7, 1.6,
        1.5, 1.45, 1.4, 1.35, 1.35, 1.4, 1.45, 1.5, 1.45, 1.2, 0.8, 0.4,
    ]
    /// Relative volume by weekday, Monday to Sunday.
    static let weekday: [Double] = [1.4, 1.15, 1.05, 1.0, 0.9, 0.55, 0.5]

    private(set) var counts: [Date: Int] = [:]
    let first: CivilDate

    /// The local hour `hour` of `date`, as an instant.
    static func hour(_ date: CivilDate, _ hour: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = london
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: hour))!
    }

    static func hour(_ date: String, _ hour: Int) -> Date {
        self.hour(CivilDate(date)!, hour)
    }

    /// `days` normal days from `first`, about `perHour` messages in an average hour. `wobble`
    /// varies each week's counts by up to ±15% so weeks are alike but never identical.
    init(first: String, days: Int, perHour: Double, wobble: Bool = true) {
        self.first = CivilDate(first)!
        var generator = SeededGenerator(seed: 2026)
        for offset in 0..<days {
            let date = self.first.adding(days: offset)
            for hour in 0..<24 {
                let usual = perHour * Self.hourly[hour] * Self.weekday[date.isoWeekday - 1] / 0.8966
                let factor = wobble ? Double.random(in: 0.85...1.15, using: &generator) : 1
                set(date, hour, Int((usual * factor).rounded()))
            }
        }
    }

    mutating func set(_ date: CivilDate, _ hour: Int, _ count: Int) {
        counts[Self.hour(date, hour)] = count
    }

    mutating func set(_ date: String, _ hours: ClosedRange<Int>, _ count: Int) {
        for hour in hours { set(CivilDate(date)!, hour, count) }
    }

    func count(_ date: String, _ hour: Int) -> Int {
        counts[Self.hour(date, hour)] ?? 0
    }

    var series: HourlySeries {
        HourlySeries(counts: counts, historyStart: Self.hour(first, 0))
    }

    /// Every hour up to `last` closed.
    func spikes(through last: Date, _ settings: EmergencySettings = EmergencySettings()) -> [SpikeInterval] {
        let detector = SpikeDetector(rules: settings.rules, clock: Self.clock)
        return detector.detect(series, openFrom: last.addingTimeInterval(3600), through: last)
    }
}
