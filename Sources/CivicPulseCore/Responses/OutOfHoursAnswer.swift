import Foundation

/// How the business clock counts an item answered within the out-of-hours period it arrived in
/// (`sla.out_of_hours_answer`, docs/calendars-and-sla.md): before the service next opened, so
/// with no opening time between the message and the answer.
///
/// Social inbox tools offer both readings. `zero` says the council answered before its clock
/// started, which is how the business clock is defined; `elapsed` says the resident still
/// waited, so a Saturday answer an hour and a half after a Saturday question counts 1h 30m.
/// Either way an item that waits past an opening counts only the opening time it waited.
public enum OutOfHoursAnswer: String, Sendable, CaseIterable, Codable {
    case zero
    case elapsed

    public static let `default` = OutOfHoursAnswer.zero

    /// An answered item's first response on the business clock under this rule.
    ///
    /// - Parameters:
    ///   - business: the opening time between the item's first message and the answer.
    ///   - elapsed: the wall-clock time between them.
    /// - Returns: `business`, or `elapsed` when the rule is `elapsed` and no opening time passed.
    public func businessSeconds(business: Double, elapsed: Double) -> Double {
        self == .elapsed && business == 0 ? elapsed : business
    }

    /// Reads `sla.out_of_hours_answer`: `zero` or `elapsed`, `zero` when absent.
    public static func parse(_ node: ConfigNode?) throws -> OutOfHoursAnswer {
        try node?.oneOf(OutOfHoursAnswer.self) ?? .default
    }
}
