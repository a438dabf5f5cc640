import Foundation

/// How urgently an item must be answered; urgent items usually run on a 24/7 clock.
public enum Priority: String, Sendable, CaseIterable, Codable {
    case routine
    case urgent
}

/// One line of an SLA policy: the target for items matching every field given.
public struct SLARule: Sendable, Hashable, CustomStringConvertible {
    public let service: String?
    public let channel: String?
    public let priority: Priority?
    public let target: SLATarget

    public init(service: String? = nil, channel: String? = nil, priority: Priority? = nil, target: SLATarget) {
        self.service = service
        self.channel = channel
        self.priority = priority
        self.target = target
    }

    /// `service customer_services, channel twitter: 1 working hour`; `default: 2 working days`.
    public var description: String { "\(scope): \(target)" }

    /// The fields that make this rule apply, for messages and reports.
    public var scope: String {
        let parts = [service.map { "service \($0)" }, channel.map { "channel \($0)" }, priority.map { "priority \($0.rawValue)" }]
        let given = parts.compactMap { $0 }
        return given.isEmpty ? "default" : given.joined(separator: ", ")
    }

    var key: SLAPolicy.Key { SLAPolicy.Key(service: service, channel: channel, priority: priority) }
}

/// Response-time targets per service × channel × priority, and the keywords that make an item urgent.
///
/// The most specific rule wins. Priority counts first, so an urgent target set for the whole
/// org beats a service's routine target; then service, then channel. In full, for an item
/// (service S, channel C, priority P) the first of these that exists applies:
/// 1. S + C + P, 2. S + P, 3. C + P, 4. P,
/// 5. S + C, 6. S, 7. C, 8. the default (no fields).
/// No match means the item has no SLA.
public struct SLAPolicy: Sendable {
    public static let defaultEmergencyKeywords = [
        "flood", "floods", "flooded", "flooding", "road closed", "power cut", "gas leak",
        "fallen tree", "storm damage", "no heating", "homeless tonight",
    ]

    public let rules: [SLARule]
    public let emergencyKeywords: KeywordMatcher
    private let rulesByKey: [Key: SLARule]

    struct Key: Hashable {
        let service: String?
        let channel: String?
        let priority: Priority?
    }

    /// Two rules with the same fields are a configuration error (the YAML reader rejects them);
    /// here the first is kept.
    public init(rules: [SLARule], emergencyKeywords: KeywordMatcher = KeywordMatcher(SLAPolicy.defaultEmergencyKeywords)) {
        self.rules = rules
        self.emergencyKeywords = emergencyKeywords
        rulesByKey = Dictionary(rules.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Urgent when the text contains an emergency keyword.
    public func priority(of text: String) -> Priority {
        emergencyKeywords.matches(text) ? .urgent : .routine
    }

    /// The rule that applies, by the precedence above.
    public func rule(service: String, channel: String, priority: Priority) -> SLARule? {
        let order: [Key] = [
            Key(service: service, channel: channel, priority: priority),
            Key(service: service, channel: nil, priority: priority),
            Key(service: nil, channel: channel, priority: priority),
            Key(service: nil, channel: nil, priority: priority),
            Key(service: service, channel: channel, priority: nil),
            Key(service: service, channel: nil, priority: nil),
            Key(service: nil, channel: channel, priority: nil),
            Key(service: nil, channel: nil, priority: nil),
        ]
        for key in order {
            if let rule = rulesByKey[key] { return rule }
        }
        return nil
    }

    public func target(service: String, channel: String, priority: Priority) -> SLATarget? {
        rule(service: service, channel: channel, priority: priority)?.target
    }
}
