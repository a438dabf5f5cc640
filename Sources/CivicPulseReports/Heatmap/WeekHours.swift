import CivicPulseCore
import Foundation

/// The 7 × 24 local weekday-hours a heatmap has a cell for, Monday 00:00 first.
public enum WeekHours {
    /// The rows' names, as the JSON and the text label them.
    public static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// The name a reader sees for row `day` (0 Monday): `Mon`.
    static func dayLabel(_ day: Int) -> String {
        let name = weekdays[day]
        return name.prefix(1).uppercased() + name.dropFirst()
    }

    /// The hour starting at `hour` on the local clock, as a reader sees it: `10:00–11:00`.
    static func hourLabel(_ hour: Int) -> String {
        String(format: "%02d:00–%02d:00", hour, (hour + 1) % 24)
    }

    /// Which weekday-hours (ISO weekday − 1, hour) the clock in `zone` shows between `start` and
    /// `end`: a cell outside them has no figure, which is unknown, not zero (a period of three
    /// days, one cut short by its as-of instant, and hour 1 of the Sunday the clocks go forward).
    ///
    /// Walks every quarter of an hour, so a zone whose offset is not whole hours has each of its
    /// local hours seen.
    public static func covered(from start: Date, to end: Date, in zone: TimeZone) -> Set<Cell> {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var cells = Set<Cell>()
        var instant = start
        while instant < end, cells.count < 7 * 24 {
            let parts = calendar.dateComponents([.weekday, .hour], from: instant)
            // Foundation's weekday is 1 for Sunday; ours is Monday first.
            cells.insert(Cell(day: (parts.weekday! + 5) % 7, hour: parts.hour!))
            instant = instant.addingTimeInterval(900)
        }
        return cells
    }

    /// A weekday-hour: `day` 0 Monday … 6 Sunday, `hour` 0–23 on the local clock.
    public struct Cell: Hashable, Sendable {
        public var day: Int
        public var hour: Int

        public init(day: Int, hour: Int) {
            self.day = day
            self.hour = hour
        }
    }

    /// A 7 × 24 grid whose covered cells hold `value(cell)` and the rest nil.
    static func grid<T>(covered: Set<Cell>, _ value: (Cell) -> T?) -> [[T?]] {
        (0..<7).map { day in (0..<24).map { hour in
            let cell = Cell(day: day, hour: hour)
            return covered.contains(cell) ? value(cell) : nil
        } }
    }
}
