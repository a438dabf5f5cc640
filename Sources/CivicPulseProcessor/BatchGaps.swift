import CivicPulseCore
import CivicPulseReadModel
import Foundation

/// The days without data that a batch's spike judgements see, as they stand after each of its
/// transactions. The spike events appended after a transaction must be those found with the
/// data committed by then: a late export that fills a gap, committed after live data but taken
/// in the same batch, must not make the live data's judgement count the gap's days as recorded
/// zeros before their counts are there (which called ordinary hours surges, then withdrew them).
///
/// Read once before reach records the batch's days, over every day the batch's judgements can
/// look at; days only become covered, so the transactions are then walked in memory.
struct BatchGaps {
    /// Days inside the span read that no data covered before the batch, and no transaction of it
    /// taken so far covers.
    private(set) var uncovered: Set<CivilDate>
    let timeZone: TimeZone

    init(uncovered: Set<CivilDate>, timeZone: TimeZone) {
        self.uncovered = uncovered
        self.timeZone = timeZone
    }

    /// Takes `days` as covered from now on; returns those of them that were uncovered.
    mutating func cover(_ days: Set<CivilDate>) -> Set<CivilDate> {
        let filled = uncovered.intersection(days)
        uncovered.subtract(filled)
        return filled
    }

    /// The gaps between the local day of `from` and that of `through`, as `CoverageQueries.gaps`
    /// would read them now: the runs of uncovered days strictly between the two.
    func gaps(from: Date, through: Date) -> [DataGap] {
        guard !uncovered.isEmpty else { return [] }
        return DataGap.runs(of: inside(uncovered, from: from, through: through), timeZone: timeZone)
    }

    /// Those of `days` strictly between the local day of `from` and that of `through`: the days
    /// a span's gaps can hold, its first and last day being covered by its own data.
    func inside(_ days: Set<CivilDate>, from: Date, through: Date) -> Set<CivilDate> {
        let calendar = BusinessCalendar.alwaysOpen(in: timeZone)
        let first = calendar.localDate(of: from), last = calendar.localDate(of: through)
        return days.filter { first < $0 && $0 < last }
    }
}
