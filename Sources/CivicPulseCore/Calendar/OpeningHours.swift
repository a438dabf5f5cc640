import Foundation

/// When a service is staffed in an ordinary week, in local wall-clock minutes.
///
/// Each ISO weekday has zero or more intervals `[start, end)` in minutes since local midnight
/// (`end` may be 1440, midnight at the end of the day). Intervals are kept sorted, and ones that
/// touch are merged, so "09:00-12:00, 12:00-17:00" and "09:00-17:00" are the same hours.
/// Intervals never cross midnight: a night shift is written as two days' intervals.
public struct OpeningHours: Sendable, Hashable, CustomStringConvertible {
    public struct Interval: Sendable, Hashable, CustomStringConvertible {
        /// Minutes since local midnight, 0 ..< 1440.
        public let start: Int
        /// Minutes since local midnight, start < end ≤ 1440.
        public let end: Int

        public init(start: Int, end: Int) throws {
            guard (0..<1440).contains(start), (1...1440).contains(end), start < end else {
                throw CalendarRuleError("an opening interval must start before it ends, within one day (00:00-24:00)")
            }
            self.start = start
            self.end = end
        }

        public var description: String {
            String(format: "%02d:%02d-%02d:%02d", start / 60, start % 60, end / 60, end % 60)
        }
    }

    /// Index 0 is Monday, 6 is Sunday.
    private let week: [[Interval]]

    /// Hours keyed by ISO weekday (1 = Monday … 7 = Sunday); missing days are closed.
    public init(_ byWeekday: [Int: [Interval]]) throws {
        var week = Array(repeating: [Interval](), count: 7)
        for (weekday, intervals) in byWeekday {
            guard (1...7).contains(weekday) else { throw CalendarRuleError("weekday \(weekday) is not 1 (Monday) to 7 (Sunday)") }
            week[weekday - 1] = try Self.normalised(intervals, day: Self.dayNames[weekday - 1])
        }
        self.week = week
    }

    /// Every minute of every day: the hours of a 24/7 calendar.
    public static let allDay: OpeningHours = {
        let whole = try! Interval(start: 0, end: 1440)
        return try! OpeningHours(Dictionary(uniqueKeysWithValues: (1...7).map { ($0, [whole]) }))
    }()

    public func intervals(onISOWeekday weekday: Int) -> [Interval] {
        week[weekday - 1]
    }

    /// Whether no day has any hours: such a calendar never opens.
    public var isNeverOpen: Bool { week.allSatisfy(\.isEmpty) }

    /// `mon-fri 09:00-17:00; sat 09:00-12:30`, runs of identical days collapsed.
    public var description: String {
        var parts: [String] = []
        var first = 0
        while first < 7 {
            var last = first
            while last + 1 < 7, week[last + 1] == week[first] { last += 1 }
            if !week[first].isEmpty {
                let days = first == last ? Self.dayNames[first] : "\(Self.dayNames[first])-\(Self.dayNames[last])"
                parts.append("\(days) \(week[first].map(\.description).joined(separator: ", "))")
            }
            first = last + 1
        }
        return parts.isEmpty ? "never open" : parts.joined(separator: "; ")
    }

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    private static func normalised(_ intervals: [Interval], day: String) throws -> [Interval] {
        var merged: [Interval] = []
        for interval in intervals.sorted(by: { $0.start < $1.start }) {
            guard let previous = merged.last else {
                merged.append(interval)
                continue
            }
            guard interval.start >= previous.end else {
                throw CalendarRuleError("\(day): \(previous) and \(interval) overlap")
            }
            if interval.start == previous.end {
                merged[merged.count - 1] = try Interval(start: previous.start, end: interval.end)
            } else {
                merged.append(interval)
            }
        }
        return merged
    }
}
