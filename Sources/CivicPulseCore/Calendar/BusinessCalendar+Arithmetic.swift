import Foundation

/// Business-time arithmetic: the clock that only runs while the service is open.
extension BusinessCalendar {
    /// The instant at which `businessSeconds` of open time have passed since `start`.
    ///
    /// Time before the next opening does not count, so Friday 16:45 plus 30 working minutes
    /// (09:00-17:00 weekdays) is Monday 09:15. A deadline that uses up an interval exactly is
    /// the interval's end (Friday 16:30 plus 30 minutes is Friday 17:00), not the next opening.
    /// Zero or fewer seconds return `start` unchanged.
    public func adding(businessSeconds: Int, to start: Date) -> Date {
        guard businessSeconds > 0 else { return start }
        let result = adding(millis: businessSeconds * CalendarMillis.perSecond, to: CalendarMillis.from(start))
        return result == Self.never ? .distantFuture : CalendarMillis.date(result)
    }

    /// Whole seconds of open time in `[from, to)`; 0 when `to` is not after `from`.
    public func businessSeconds(from: Date, to: Date) -> Int {
        CalendarMillis.floorDiv(businessMillis(from: CalendarMillis.from(from), to: CalendarMillis.from(to)), CalendarMillis.perSecond)
    }

    /// The same local time `workingDays` working days later, counted from the next opening.
    ///
    /// Monday 10:00 plus 2 working days is Wednesday 10:00; a Saturday message starts at
    /// Monday 09:00 and is due Wednesday 09:00. Closed days (weekends, holidays, closures) are
    /// not counted. If the target day is not open at that local time (shorter hours that day,
    /// or a lunch break), the deadline is the next opening later that day, or the day's
    /// closing time if it has closed by then: it never moves to another day.
    /// Zero or fewer working days give the next opening.
    public func adding(workingDays: Int, to start: Date) -> Date {
        let opening = nextOpening(atOrAfter: CalendarMillis.from(start))
        guard opening != Self.never else { return .distantFuture }
        guard workingDays > 0 else { return nextOpening(atOrAfter: start) }
        let reading = clock.reading(at: opening)
        var day = CalendarMillis.floorDiv(reading, CalendarMillis.perDay)
        let timeOfDay = reading - day * CalendarMillis.perDay
        var remaining = workingDays
        while remaining > 0 {
            day += 1
            if isWorkingDay(day: day) { remaining -= 1 }
        }
        let sameTime = clock.instant(atReading: day * CalendarMillis.perDay + timeOfDay)
        let periods = openPeriods(day: day)
        if let period = periods.first(where: { $0.end > sameTime }) {
            return CalendarMillis.date(max(period.start, sameTime))
        }
        return CalendarMillis.date(periods.last?.end ?? sameTime)
    }

    func adding(millis amount: Int, to start: Int) -> Int {
        if isAlwaysOpen { return start + amount }
        if hours.isNeverOpen { return Self.never }
        var remaining = amount
        var day = firstDay(around: start)
        while true {
            for period in openPeriods(day: day) where period.end > start {
                let from = max(period.start, start)
                let available = period.end - from
                if remaining <= available { return from + remaining }
                remaining -= available
            }
            day += 1
        }
    }

    func businessMillis(from start: Int, to end: Int) -> Int {
        guard end > start else { return 0 }
        if isAlwaysOpen { return end - start }
        var total = 0
        var day = firstDay(around: start)
        let lastDay = clock.day(at: end) + 1
        while day <= lastDay {
            for period in openPeriods(day: day) {
                let overlap = min(period.end, end) - max(period.start, start)
                if overlap > 0 { total += overlap }
            }
            day += 1
        }
        return total
    }
}
