import Foundation

/// Wall-clock durations to the millisecond (docs/calendars-and-sla.md, "Exact durations").
///
/// A `Date` is a binary fraction of seconds since 2001, so `end.timeIntervalSince(start)` for
/// instants stored to the microsecond prints as 26169.299999952316 where the instants differ by
/// 26169.3 s, and a duration recomputed from the exported instants would not match the exported
/// one. Counting whole milliseconds between the instants, as the business calendar does
/// (`CalendarMillis`), gives the same number however the instants were stored or read back.
public enum ExactSeconds {
    /// Seconds from `start` to `end`: the difference of the two instants in whole milliseconds.
    public static func between(_ start: Date, _ end: Date) -> Double {
        Double(CalendarMillis.from(end) - CalendarMillis.from(start)) / 1000
    }

    /// `date` to the millisecond as its whole second and the milliseconds past it (0–999): a
    /// `Date` read back from the database sits a fraction of a microsecond either side of its
    /// millisecond, which a formatter that cuts fractions down would print one less.
    public static func secondAndMillis(_ date: Date) -> (second: Date, millis: Int) {
        let millis = CalendarMillis.from(date)
        let second = CalendarMillis.floorDiv(millis, CalendarMillis.perSecond)
        return (Date(timeIntervalSince1970: Double(second)), millis - second * CalendarMillis.perSecond)
    }

}
