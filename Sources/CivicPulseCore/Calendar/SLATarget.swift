import Foundation

/// How long a service has to answer: `30 working minutes`, `2 working days`, `4 hours`.
///
/// "Working" targets run on the service's business calendar; the others on the plain clock,
/// 24/7, as elapsed time (`2 days` is 48 hours, whatever DST does that weekend).
public struct SLATarget: Sendable, Hashable, CustomStringConvertible {
    public enum Unit: String, Sendable, CaseIterable {
        case minute, hour, day

        var seconds: Int {
            switch self {
            case .minute: 60
            case .hour: 3600
            case .day: 86_400
            }
        }
    }

    public enum Clock: String, Sendable {
        /// Only open time counts, on the service's calendar.
        case working
        /// Every second counts (the 24/7 calendar).
        case elapsed
    }

    public let amount: Int
    public let unit: Unit
    public let clock: Clock

    /// The largest amount accepted, so seconds never overflow and typos like 30000 stand out.
    public static let maximumAmount = 10_000

    public init(_ amount: Int, _ unit: Unit, clock: Clock) throws {
        guard (1...Self.maximumAmount).contains(amount) else {
            throw CalendarRuleError("an SLA target must be between 1 and \(Self.maximumAmount) \(unit)s, not \(amount)")
        }
        self.amount = amount
        self.unit = unit
        self.clock = clock
    }

    /// Reads `<number> [working] minute(s) | hour(s) | day(s)`, case and spacing free;
    /// `business` is accepted for `working`, and `min`, `mins`, `hr`, `hrs` for the units.
    public init(parsing text: String) throws {
        let words = text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        let units: [String: Unit] = [
            "minute": .minute, "minutes": .minute, "min": .minute, "mins": .minute,
            "hour": .hour, "hours": .hour, "hr": .hour, "hrs": .hour,
            "day": .day, "days": .day,
        ]
        let working = words.count == 3 && ["working", "business"].contains(words[1])
        guard words.count == (working ? 3 : 2), words[0].allSatisfy({ $0.isASCII && $0.isNumber }),
              let amount = Int(words[0]), let unit = units[words[words.count - 1]] else {
            throw CalendarRuleError(
                "'\(text)' is not an SLA target; write a number, optionally 'working', then minutes, hours or days "
                    + "(e.g. '30 working minutes', '2 working days', '4 hours')"
            )
        }
        try self.init(amount, unit, clock: working ? .working : .elapsed)
    }

    /// The canonical text, which ``init(parsing:)`` reads back: `1 working hour`, `30 minutes`.
    public var description: String {
        let name = amount == 1 ? unit.rawValue : "\(unit.rawValue)s"
        return clock == .working ? "\(amount) working \(name)" : "\(amount) \(name)"
    }

    /// When an item opened at `start` breaches, on `calendar` for working targets.
    ///
    /// Working minutes and hours add open time (``BusinessCalendar/adding(businessSeconds:to:)``);
    /// working days keep the local time (``BusinessCalendar/adding(workingDays:to:)``);
    /// elapsed targets add real seconds.
    public func deadline(from start: Date, calendar: BusinessCalendar) -> Date {
        switch (clock, unit) {
        case (.elapsed, _):
            start.addingTimeInterval(TimeInterval(amount * unit.seconds))
        case (.working, .day):
            calendar.adding(workingDays: amount, to: start)
        case (.working, _):
            calendar.adding(businessSeconds: amount * unit.seconds, to: start)
        }
    }

    /// The calendar this target's clock runs on: the service's for working targets,
    /// 24/7 (in the same zone) for elapsed ones. Status uses it to measure how much is used.
    public func clockCalendar(for calendar: BusinessCalendar) -> BusinessCalendar {
        clock == .working ? calendar : .alwaysOpen(in: calendar.timeZone)
    }
}
