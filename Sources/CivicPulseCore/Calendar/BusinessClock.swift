import Foundation

/// One open period of a calendar, as a business clock stores it: the open time of the clock's
/// earlier periods lets a business duration be read as the difference of two readings.
public struct BusinessClockPeriod: Sendable, Equatable {
    public var start: Date
    public var end: Date
    /// Open milliseconds in the clock's periods before this one.
    public var openMillisBefore: Int

    public init(start: Date, end: Date, openMillisBefore: Int) {
        self.start = start
        self.end = end
        self.openMillisBefore = openMillisBefore
    }

    /// Open milliseconds in the period itself.
    public var openMillis: Int { CalendarMillis.from(end) - CalendarMillis.from(start) }
}

/// A calendar's clock written out as its open periods over a span of instants, for SQL, which
/// has no calendars: analysts' views read business time between two instants of the span as
/// `reading(to) − reading(from)`, which is `BusinessCalendar.businessSeconds(from:to:)` in
/// milliseconds (docs/calendars-and-sla.md, "Business time in SQL").
///
/// The periods are those that end after the span's start and start at or before its end; the
/// first has 0 open milliseconds before it. So the stored rows depend only on the calendar and
/// the span, and a span that grows later is written on from its last period
/// (`periods(through:after:)`) to the same rows as one written whole.
public struct BusinessClock: Sendable {
    public let calendar: BusinessCalendar

    public init(_ calendar: BusinessCalendar) {
        self.calendar = calendar
    }

    /// The periods over `[from, through]`, the first with 0 open milliseconds before it.
    public func periods(from: Date, through: Date) -> [BusinessClockPeriod] {
        periods(from: CalendarMillis.from(from), through: CalendarMillis.from(through), after: nil)
    }

    /// The periods that follow `last` (a clock's last stored period) up to `through`, numbered on
    /// from it: what a clock written to `last` gains when its span grows to `through`.
    public func periods(through: Date, after last: BusinessClockPeriod) -> [BusinessClockPeriod] {
        periods(from: CalendarMillis.from(last.end), through: CalendarMillis.from(through), after: last)
    }

    private func periods(from: Int, through: Int, after last: BusinessClockPeriod?) -> [BusinessClockPeriod] {
        guard through >= from else { return [] }
        var before = last.map { $0.openMillisBefore + $0.openMillis } ?? 0
        let lastStart = last.map { CalendarMillis.from($0.start) } ?? Int.min
        var result: [BusinessClockPeriod] = []
        var day = calendar.firstDay(around: from)
        let lastDay = calendar.clock.day(at: through) + 1
        while day <= lastDay {
            for period in calendar.openPeriods(day: day) where period.end > from && period.start <= through && period.start > lastStart {
                result.append(BusinessClockPeriod(start: CalendarMillis.date(period.start), end: CalendarMillis.date(period.end), openMillisBefore: before))
                before += period.end - period.start
            }
            day += 1
        }
        return result
    }

    /// The clock's reading at `instant` over `periods` (earliest first), in open milliseconds
    /// since its first period, as the SQL reads it: the open time before the last period that
    /// starts at or before the instant, and as much of that period as has passed; 0 before the
    /// first period.
    public static func reading(at instant: Date, in periods: [BusinessClockPeriod]) -> Int {
        let millis = CalendarMillis.from(instant)
        guard let period = periods.last(where: { CalendarMillis.from($0.start) <= millis }) else { return 0 }
        return period.openMillisBefore + min(millis - CalendarMillis.from(period.start), period.openMillis)
    }

    /// Whole business seconds from `from` to `to` read off `periods`, as the view computes them.
    public static func businessSeconds(from: Date, to: Date, in periods: [BusinessClockPeriod]) -> Int {
        max(0, CalendarMillis.floorDiv(reading(at: to, in: periods) - reading(at: from, in: periods), CalendarMillis.perSecond))
    }
}
