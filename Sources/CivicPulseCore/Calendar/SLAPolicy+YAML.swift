import Foundation

/// Reads the `sla:` section.
///
/// ```yaml
/// sla:
///   emergency_keywords: [flood, flooding, road closed]   # optional; defaults to SLAPolicy's list
///   targets:                                              # most specific wins (see SLAPolicy)
///     - { target: 2 working days }                        # the org default
///     - { service: customer_services, channel: twitter, target: 1 working hour }
///     - { priority: urgent, target: 1 hour }              # elapsed, 24/7
///   versions:
///     - effective: 2026-04-01                             # local date in the service's zone
///       targets: [ ... ]                                  # replaces the whole list
///       emergency_keywords: [ ... ]                       # optional; else carried over
/// ```
extension SLAPolicy {
    /// Reads the `sla:` mapping. When `knownServices` or `knownChannels` are given, a target
    /// naming any other is an error at its line.
    public static func parse(_ node: ConfigNode, knownServices: Set<String>? = nil,
                             knownChannels: Set<String>? = nil) throws -> Versioned<SLAPolicy> {
        // `resolution_quiet_period` and `out_of_hours_answer` are not a policy's: PipelineConfig
        // reads them (Resolution.quietPeriod, OutOfHoursAnswer.parse).
        try node.allowOnly(["emergency_keywords", "targets", "versions", "resolution_quiet_period", "out_of_hours_answer"])
        let keywords = try node.optional("emergency_keywords").map(parseKeywords) ?? KeywordMatcher(defaultEmergencyKeywords)
        let rules = try parseRules(try node.required("targets"), knownServices: knownServices, knownChannels: knownChannels)
        let original = SLAPolicy(rules: rules, emergencyKeywords: keywords)

        var later: [(effective: CivilDate, value: SLAPolicy)] = []
        for item in try node.optional("versions")?.items() ?? [] {
            try item.allowOnly(["effective", "targets", "emergency_keywords"])
            let effectiveNode = try item.required("effective")
            let effective = try CalendarYAML.date(effectiveNode)
            if let previous = later.last?.effective, effective <= previous {
                throw effectiveNode.error("versions must be in date order; \(effective) is not after \(previous)")
            }
            let parent = later.last?.value ?? original
            let targetsNode = try item.optional("targets")
            let keywordsNode = try item.optional("emergency_keywords")
            guard targetsNode != nil || keywordsNode != nil else {
                throw item.error("a version must change 'targets' or 'emergency_keywords'")
            }
            later.append((effective, SLAPolicy(
                rules: try targetsNode.map { try parseRules($0, knownServices: knownServices, knownChannels: knownChannels) } ?? parent.rules,
                emergencyKeywords: try keywordsNode.map(parseKeywords) ?? parent.emergencyKeywords
            )))
        }
        return try Versioned("SLA policy", original: original, later: later)
    }

    private static func parseKeywords(_ node: ConfigNode) throws -> KeywordMatcher {
        let items = node.node.scalar != nil ? [node] : try node.items()
        for item in items {
            if let problem = KeywordMatcher.problem(with: try item.string()) { throw item.error(problem) }
        }
        return KeywordMatcher(try items.map { try $0.string() })
    }

    private static func parseRules(_ node: ConfigNode, knownServices: Set<String>?, knownChannels: Set<String>?) throws -> [SLARule] {
        var rules: [SLARule] = []
        var lines: [Key: Int?] = [:]
        for item in try node.items() {
            try item.allowOnly(["service", "channel", "priority", "target"])
            func name(_ key: String, known: Set<String>?) throws -> String? {
                guard let valueNode = try item.optional(key) else { return nil }
                let value = try valueNode.string()
                if let known, !known.contains(value) {
                    throw valueNode.error("unknown \(key) '\(value)' (known: \(known.sorted().joined(separator: ", ")))")
                }
                return value
            }
            let rule = SLARule(
                service: try name("service", known: knownServices),
                channel: try name("channel", known: knownChannels),
                priority: try item.optional("priority")?.oneOf(Priority.self),
                target: try CalendarYAML.checked(try item.required("target"), SLATarget.init(parsing:))
            )
            if let line = lines[rule.key] {
                let earlier = line.map { " on line \($0)" } ?? ""
                throw item.error("another target\(earlier) already covers \(rule.scope)")
            }
            lines[rule.key] = item.line
            rules.append(rule)
        }
        return rules
    }
}
