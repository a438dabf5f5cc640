import Foundation

/// How readily a surge is called, and which surges make residents' messages urgent: the
/// pipeline's `emergencies:` section (docs/emergencies.md).
///
/// ```yaml
/// emergencies:
///   sensitivity: medium        # low | medium | high
///   minimum_hourly: 5          # an hour with fewer messages is never a spike
///   urgent_topics: [flooding]  # topics whose spikes make items urgent (default: every topic)
/// ```
public struct EmergencySettings: Sendable, Equatable {
    public enum Sensitivity: String, Sendable, CaseIterable, Codable {
        case low, medium, high
    }

    public var sensitivity: Sensitivity
    /// An hour with fewer messages than this is never called a spike, whatever its usual level:
    /// 3 mentions where there is usually 1 is not an emergency.
    public var minimumHourly: Int
    /// Listening topics whose spikes make the residents' messages on them urgent; nil: every topic.
    public var urgentTopics: [String]?

    public init(sensitivity: Sensitivity = .medium, minimumHourly: Int = 5, urgentTopics: [String]? = nil) {
        self.sensitivity = sensitivity
        self.minimumHourly = minimumHourly
        self.urgentTopics = urgentTopics
    }

    public var rules: SpikeRules {
        SpikeRules(sensitivity: sensitivity, minimumHourly: minimumHourly)
    }

    /// Whether a spike on `topic` makes the items on that topic urgent.
    public func makesUrgent(topic: String) -> Bool {
        urgentTopics?.contains(topic) ?? true
    }

    /// Reads the `emergencies:` mapping; `topics` are the pipeline's listening topics.
    static func parse(_ node: ConfigNode?, topics: [String]) throws -> EmergencySettings {
        guard let node else { return EmergencySettings() }
        try node.allowOnly(["sensitivity", "minimum_hourly", "urgent_topics"])
        var settings = EmergencySettings()
        if let sensitivity = try node.optional("sensitivity") {
            settings.sensitivity = try sensitivity.oneOf(Sensitivity.self)
        }
        if let minimum = try node.optional("minimum_hourly") {
            settings.minimumHourly = try minimum.int()
            guard (1...100_000).contains(settings.minimumHourly) else {
                throw minimum.error("minimum_hourly must be between 1 and 100000")
            }
        }
        if let urgent = try node.optional("urgent_topics") {
            let names = try urgent.strings()
            if let unknown = names.first(where: { !topics.contains($0) }) {
                throw urgent.error("unknown topic '\(unknown)' (topics: \(topics.joined(separator: ", ")))")
            }
            settings.urgentTopics = names
        }
        return settings
    }
}
