import Foundation

/// When a service counts as open: weekly hours in a time zone, less bank holidays and closures.
///
/// All clock arithmetic walks local days, turning each open day's intervals into instants
/// (``ZoneClock/instant(atReading:)``), so it is exact across DST changes, midnight, weekends
/// and holidays, and costs a few offset look-ups per day walked, not per minute.
/// Instants are taken to the millisecond.
public struct BusinessCalendar: Sendable {
    public static let defaultTimeZone = TimeZone(identifier: "Europe/London")!

    public let timeZone: TimeZone
    public let hours: OpeningHours
    /// Whose bank holidays close the service; `nil` for none.
    public let bankHolidays: BankHolidayRegion?
    /// Extra closed days: a newly announced bank holiday, Christmas Eve, an office move.
    public let closures: Set<CivilDate>
    /// Bank holidays on which this service opens as usual (a date also in `closures` stays closed).
    public let openOn: Set<CivilDate>
    /// True for ``alwaysOpen(in:)``, whose clock is plain elapsed time.
    public let isAlwaysOpen: Bool

    let clock: ZoneClock
    /// Closed local days (days since 1970): the region's holidays plus closures, less `openOn`.
    private let closedDays: Set<Int>
    private let periodsByDay = OpenPeriodMemo()

    public init(
        timeZone: TimeZone = BusinessCalendar.defaultTimeZone,
        hours: OpeningHours,
        bankHolidays: BankHolidayRegion?,
        closures: Set<CivilDate> = [],
        openOn: Set<CivilDate> = []
    ) {
        self.init(timeZone: timeZone, hours: hours, bankHolidays: bankHolidays, closures: closures, openOn: openOn, isAlwaysOpen: false)
    }

    private init(timeZone: TimeZone, hours: OpeningHours, bankHolidays: BankHolidayRegion?,
                 closures: Set<CivilDate>, openOn: Set<CivilDate>, isAlwaysOpen: Bool) {
        self.timeZone = timeZone
        self.hours = hours
        self.bankHolidays = bankHolidays
        self.closures = closures
        self.openOn = openOn
        self.isAlwaysOpen = isAlwaysOpen
        clock = ZoneClock(timeZone: timeZone)
        var closed = bankHolidays.map { BankHolidayRegion.daysTable[$0]! } ?? []
        closed.subtract(openOn.map(\.daysSinceEpoch))
        closed.formUnion(closures.map(\.daysSinceEpoch))
        closedDays = closed
    }

    /// Open every second of every day, for urgent items: business time is elapsed time.
    /// The zone only matters for "working days", which are then calendar days.
    public static func alwaysOpen(in timeZone: TimeZone = BusinessCalendar.defaultTimeZone) -> BusinessCalendar {
        BusinessCalendar(timeZone: timeZone, hours: .allDay, bankHolidays: nil, closures: [], openOn: [], isAlwaysOpen: true)
    }

    /// The local date on the service's wall clock at an instant.
    public func localDate(of instant: Date) -> CivilDate {
        CivilDate(daysSinceEpoch: clock.day(at: CalendarMillis.from(instant)))
    }

    /// Whether the whole day is closed by a bank holiday or closure (regardless of weekly hours).
    public func isClosed(on date: CivilDate) -> Bool {
        isClosed(day: date.daysSinceEpoch)
    }

    /// A day that is not closed and has opening hours: the unit "working days" count.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        isWorkingDay(day: date.daysSinceEpoch)
    }

    public func isOpen(at instant: Date) -> Bool {
        let millis = CalendarMillis.from(instant)
        return nextOpening(atOrAfter: millis) == millis
    }

    /// The instant itself when open, else the start of the next open interval
    /// (`Date.distantFuture` for a calendar that never opens).
    public func nextOpening(atOrAfter instant: Date) -> Date {
        if isAlwaysOpen { return instant }
        let millis = CalendarMillis.from(instant)
        switch nextOpening(atOrAfter: millis) {
        case millis: return instant
        case Self.never: return .distantFuture
        case let next: return CalendarMillis.date(next)
        }
    }

    // MARK: - Walking local days

    static let never = Int.max

    func isClosed(day: Int) -> Bool {
        if closedDays.contains(day) { return true }
        // Days outside the precomputed table still get their region's holidays, computed here.
        guard !BankHolidayRegion.tableDays.contains(day), let region = bankHolidays else { return false }
        let date = CivilDate(daysSinceEpoch: day)
        return region.isHoliday(date) && !openOn.contains(date)
    }

    func isWorkingDay(day: Int) -> Bool {
        !isClosed(day: day) && !hours.intervals(onISOWeekday: Self.isoWeekday(day: day)).isEmpty
    }

    /// The open periods of one local day as instants `[start, end)`, earliest first;
    /// empty for a closed day. A period lost entirely in a skipped hour is dropped.
    func openPeriods(day: Int) -> [(start: Int, end: Int)] {
        periodsByDay.periods(day: day) { day in
            guard !isClosed(day: day) else { return [] }
            return hours.intervals(onISOWeekday: Self.isoWeekday(day: day)).compactMap { interval in
                let start = clock.instant(day: day, minute: interval.start)
                let end = clock.instant(day: day, minute: interval.end)
                return end > start ? (start, end) : nil
            }
        }
    }

    /// 1 = Monday … 7 = Sunday for days since 1970 (a Thursday), without building a date.
    static func isoWeekday(day: Int) -> Int {
        (day + 3 - 7 * CalendarMillis.floorDiv(day + 3, 7)) + 1
    }

    /// The first local day whose periods can contain or follow `instant`. One day early,
    /// because a zone whose clocks go back over midnight can show yesterday's date.
    func firstDay(around instant: Int) -> Int {
        clock.day(at: instant) - 1
    }

    func nextOpening(atOrAfter instant: Int) -> Int {
        if isAlwaysOpen { return instant }
        if hours.isNeverOpen { return Self.never }
        var day = firstDay(around: instant)
        while true {
            if let period = openPeriods(day: day).first(where: { $0.end > instant }) {
                return max(period.start, instant)
            }
            day += 1
        }
    }
}

/// A calendar's open periods per local day, worked out once.
///
/// Every SLA clock walks the days between an opening and a deadline, and the reports judge
/// thousands of open items against the same few days: each day's periods cost four UTC-offset
/// lookups, and those lookups were most of `sla`'s and `summary`'s own CPU (docs/performance.md).
final class OpenPeriodMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var byDay: [Int: [(start: Int, end: Int)]] = [:]

    func periods(day: Int, compute: (Int) -> [(start: Int, end: Int)]) -> [(start: Int, end: Int)] {
        if let known = lock.withLock({ byDay[day] }) { return known }
        let periods = compute(day)
        lock.withLock { byDay[day] = periods }
        return periods
    }
}
