import Foundation

/// Where an item stands against its SLA at a moment: the label dashboards and reports show.
public enum SLAStatus: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Answered at or before the deadline.
    case met
    /// Answered after the deadline.
    case breached
    /// Unanswered, less than 80% of the target used.
    case openWithinTarget = "open_within_target"
    /// Unanswered, at least 80% of the target used, deadline not yet passed.
    case atRisk = "at_risk"
    /// Unanswered and past the deadline.
    case openBreached = "open_breached"

    /// Share of the target, as a fraction numerator/denominator, from which an open item is at risk.
    public static let atRiskShare = (numerator: 4, denominator: 5)

    public var description: String { rawValue }

    /// The status of one item, purely from its times.
    ///
    /// - `respondedAt` later than `asOf` is ignored, so a report "as of" a past moment shows what
    ///   was true then (the item was still open).
    /// - "Used" is measured on the target's own clock (`clock`: the service calendar for working
    ///   targets, 24/7 for elapsed ones): open time from `openedAt` to `asOf` against open time
    ///   from `openedAt` to `dueAt`, so a weekend does not push an item towards risk.
    /// - The comparison is exact integer arithmetic: exactly 80% is at risk.
    public static func evaluate(openedAt: Date, dueAt: Date, respondedAt: Date?, asOf: Date,
                                clock: BusinessCalendar) -> SLAStatus {
        if let respondedAt, respondedAt <= asOf {
            return respondedAt <= dueAt ? .met : .breached
        }
        if asOf > dueAt { return .openBreached }
        let opened = CalendarMillis.from(openedAt)
        let allowed = clock.businessMillis(from: opened, to: CalendarMillis.from(dueAt))
        let used = clock.businessMillis(from: opened, to: CalendarMillis.from(asOf))
        return used * atRiskShare.denominator >= allowed * atRiskShare.numerator ? .atRisk : .openWithinTarget
    }

    /// Whether the item still awaits an answer in this status.
    public var isOpen: Bool {
        switch self {
        case .met, .breached: false
        case .openWithinTarget, .atRisk, .openBreached: true
        }
    }
}

/// What the SLA clock decided for one item when it opened: priority, rule, deadline and clock.
///
/// Computed once from the item's opening message and the versions in force then, and kept,
/// so a later change of calendar or policy never moves an old item's deadline.
public struct SLAAssignment: Sendable {
    public let priority: Priority
    public let rule: SLARule
    public let openedAt: Date
    public let dueAt: Date
    /// The calendar the target's clock runs on: the service's for working targets, else 24/7.
    public let clock: BusinessCalendar
    /// The versions used, as reports print them, e.g. `office calendar v2 (from 2027-01-01)`.
    public let calendarLabel: String?
    public let policyLabel: String?

    public var target: SLATarget { rule.target }

    /// The item's status at `asOf` (see ``SLAStatus/evaluate(openedAt:dueAt:respondedAt:asOf:clock:)``).
    public func status(respondedAt: Date?, asOf: Date) -> SLAStatus {
        SLAStatus.evaluate(openedAt: openedAt, dueAt: dueAt, respondedAt: respondedAt, asOf: asOf, clock: clock)
    }
}

extension SLAPolicy {
    /// Classifies the opening message's text, finds the rule and computes the deadline;
    /// nil when no rule applies.
    public func assign(service: String, channel: String, text: String, openedAt: Date,
                       calendar: BusinessCalendar) -> SLAAssignment? {
        assign(service: service, channel: channel, text: text, openedAt: openedAt, calendar: calendar,
               calendarLabel: nil, policyLabel: nil)
    }

    /// The same, choosing the calendar and policy versions in force when the item opened
    /// (its local date in the calendar's zone).
    public static func assign(service: String, channel: String, text: String, openedAt: Date,
                              calendars: Versioned<BusinessCalendar>, policies: Versioned<SLAPolicy>) -> SLAAssignment? {
        let calendar = calendars.version(at: openedAt)
        let policy = policies.version(at: openedAt, in: calendar.value.timeZone)
        return policy.value.assign(service: service, channel: channel, text: text, openedAt: openedAt,
                                   calendar: calendar.value, calendarLabel: calendar.label, policyLabel: policy.label)
    }

    private func assign(service: String, channel: String, text: String, openedAt: Date, calendar: BusinessCalendar,
                        calendarLabel: String?, policyLabel: String?) -> SLAAssignment? {
        let priority = priority(of: text)
        guard let rule = rule(service: service, channel: channel, priority: priority) else { return nil }
        return SLAAssignment(
            priority: priority, rule: rule, openedAt: openedAt,
            dueAt: rule.target.deadline(from: openedAt, calendar: calendar),
            clock: rule.target.clockCalendar(for: calendar),
            calendarLabel: calendarLabel, policyLabel: policyLabel
        )
    }
}
