import CivicPulseCore
import Foundation

/// Whole local days with no event at all, between days with data (`CoverageQueries`): not quiet
/// but unrecorded, so figures that fall in them are unknown and no baseline counts them.
public struct DataGap: Sendable, Equatable {
    public var firstDay: CivilDate
    public var lastDay: CivilDate
    /// The first instant of `firstDay`.
    public var start: Date
    /// The first instant after `lastDay`: the local midnight the data resumes on.
    public var end: Date
}

extension DataGap {
    /// `days` as gaps: each run of consecutive days one gap, oldest first.
    public static func runs(of days: Set<CivilDate>, timeZone: TimeZone) -> [DataGap] {
        var gaps: [DataGap] = []
        for day in days.map(\.daysSinceEpoch).sorted() {
            if let last = gaps.last, last.lastDay.daysSinceEpoch + 1 == day {
                gaps[gaps.count - 1].lastDay = CivilDate(daysSinceEpoch: day)
                gaps[gaps.count - 1].end = CivilDate(daysSinceEpoch: day + 1).midnight(in: timeZone)
            } else {
                let first = CivilDate(daysSinceEpoch: day)
                gaps.append(DataGap(firstDay: first, lastDay: first, start: first.midnight(in: timeZone),
                                    end: CivilDate(daysSinceEpoch: day + 1).midnight(in: timeZone)))
            }
        }
        return gaps
    }

    /// The days of the gaps, for set arithmetic.
    public static func days(of gaps: [DataGap]) -> Set<CivilDate> {
        Set(gaps.flatMap { ($0.firstDay.daysSinceEpoch...$0.lastDay.daysSinceEpoch).map(CivilDate.init(daysSinceEpoch:)) })
    }
}
