import CivicPulseCore
import Foundation

/// Routes a message on a central account to a service by the first keyword rule it matches.
struct ServiceRouter {
    let rules: [PipelineConfig.RoutingRule]

    func route(_ text: String?) -> String? {
        guard let text else { return nil }
        return rules.first { $0.keywords.matches(text) }?.service
    }
}
