import CivicPulseCore
import Foundation

/// The crisis weekend: a flood from Saturday 00:00 to Monday 00:00, local time.
///
/// It is the first whole Saturday and Sunday of the simulated days; a run too short to
/// hold one has no crisis.
public struct CrisisWindow: Sendable, Equatable {
    /// Saturday's date.
    public let saturday: CivilDate
    public let start: Date
    public let end: Date

    var startMillis: Millis { Millis(start) }
    var endMillis: Millis { Millis(end) }

    /// The first whole weekend from `first` for `days` days, or nil.
    static func first(from first: CivilDate, days: Int, clock: LocalClock) -> CrisisWindow? {
        for offset in 0..<max(0, days - 1) {
            let date = first.adding(days: offset)
            guard date.isoWeekday == 6 else { continue }
            return CrisisWindow(saturday: date, start: clock.midnight(of: date).date, end: clock.midnight(of: date.adding(days: 2)).date)
        }
        return nil
    }

    func contains(_ instant: Millis) -> Bool {
        instant >= startMillis && instant < endMillis
    }

    /// How hard it is raining on residents' phones, hour by hour: a slow Saturday morning,
    /// the worst from Saturday afternoon into the night, easing through Sunday.
    func intensity(at instant: Millis, clock: LocalClock) -> Double {
        guard contains(instant) else { return 0 }
        let local = clock.local(instant)
        let saturday = local.date == self.saturday
        switch (saturday, local.hour) {
        case (true, 0..<6): return 0.2
        case (true, 6..<10): return 0.8
        case (true, 10..<14): return 1.6
        case (true, 14..<22): return 2.4
        case (true, _): return 1.8
        case (false, 0..<6): return 0.9
        case (false, 6..<12): return 1.8
        case (false, 12..<18): return 1.1
        default: return 0.5
        }
    }
}

/// Local dates and hours in the council's time zone, from UTC milliseconds.
struct LocalClock: Sendable {
    let timeZone: TimeZone

    struct Reading {
        let date: CivilDate
        let hour: Int
        /// 1 = Monday … 7 = Sunday.
        var weekday: Int { date.isoWeekday }
    }

    func offset(at instant: Millis) -> Millis {
        Millis(timeZone.secondsFromGMT(for: instant.date)) * .second
    }

    func local(_ instant: Millis) -> Reading {
        let local = instant + offset(at: instant)
        let days = Int(local >= 0 ? local / .day : (local - .day + 1) / .day)
        let hour = Int((local - Millis(days) * .day) / .hour)
        return Reading(date: CivilDate(daysSinceEpoch: days), hour: hour)
    }

    /// The instant the local day begins (00:00, or the first valid time after it).
    func midnight(of date: CivilDate) -> Millis {
        let naive = Millis(date.daysSinceEpoch) * .day
        // The offset at local midnight is the offset a few hours either side, bar a DST switch at 00:00.
        let guess = naive - offset(at: naive)
        return naive - offset(at: guess)
    }
}
