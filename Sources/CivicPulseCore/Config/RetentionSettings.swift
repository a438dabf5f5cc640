import Foundation

/// How long residents' words stay readable (`retention:` in the pipeline, docs/privacy.md).
/// None set: nothing expires.
public struct RetentionSettings: Sendable, Equatable {
    /// How long after it was sent a resident's message keeps its text and link readable.
    public var messageText: RetentionPeriod?
    /// How long the log keeps whole recorded months (UTC) before `retention apply` drops them,
    /// events, keys and figures alike.
    public var events: RetentionPeriod?

    public init(messageText: RetentionPeriod? = nil, events: RetentionPeriod? = nil) {
        self.messageText = messageText
        self.events = events
    }

    /// Whether anything expires.
    public var isSet: Bool { messageText != nil || events != nil }

    static func parse(_ node: ConfigNode?) throws -> RetentionSettings {
        guard let node else { return RetentionSettings() }
        try node.allowOnly(["message_text", "events"])
        return RetentionSettings(messageText: try node.optional("message_text").map(RetentionPeriod.parse),
                                 events: try node.optional("events").map(RetentionPeriod.parse))
    }
}

/// A retention period in calendar units, as a privacy notice states one: `13 months`, `6 years`,
/// `90 days`. Months and years are calendar ones in the pipeline's zone, so "13 months" before
/// 31 March is 29 or 28 February, as a person reading the notice would count.
public struct RetentionPeriod: Sendable, Equatable, CustomStringConvertible {
    public enum Unit: String, Sendable, CaseIterable {
        case day, month, year

        var component: Calendar.Component {
            switch self {
            case .day: .day
            case .month: .month
            case .year: .year
            }
        }
    }

    public let amount: Int
    public let unit: Unit

    /// Longer than any retention a council sets, short enough that no date arithmetic overflows.
    static let maximumYears = 100

    public init?(_ amount: Int, _ unit: Unit) {
        let years = switch unit {
        case .day: amount / 365
        case .month: amount / 12
        case .year: amount
        }
        guard amount > 0, years <= Self.maximumYears else { return nil }
        self.amount = amount
        self.unit = unit
    }

    /// Reads `13 months`, `1 year`, `90 days`.
    public init?(parsing text: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 2, let amount = Int(words[0]) else { return nil }
        let name = words[1].lowercased()
        guard let unit = Unit.allCases.first(where: { name == $0.rawValue || name == $0.rawValue + "s" }) else { return nil }
        self.init(amount, unit)
    }

    static func parse(_ node: ConfigNode) throws -> RetentionPeriod {
        let text = try node.string()
        guard let period = RetentionPeriod(parsing: text) else {
            throw node.error("'\(text)' is not a retention period; write a number from 1, then days, months or years, at most \(maximumYears) years (e.g. '13 months')")
        }
        return period
    }

    public var description: String {
        "\(amount) \(unit.rawValue)\(amount == 1 ? "" : "s")"
    }

    /// The instant `self` before `now` in `zone`: what was sent before it is past retention.
    public func cutoff(before now: Date, in zone: TimeZone) -> Date {
        zone.calendar.date(byAdding: unit.component, value: -amount, to: now)!
    }

    /// When a message sent at `sent` falls past retention, in `zone`.
    public func due(for sent: Date, in zone: TimeZone) -> Date {
        zone.calendar.date(byAdding: unit.component, value: amount, to: sent)!
    }
}

private extension TimeZone {
    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = self
        return calendar
    }
}
