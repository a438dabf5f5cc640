import Foundation

/// What the SLA rules say about one response item: fixed by the rules in force when it opened.
public struct SLAVerdict: Sendable, Equatable {
    public var priority: Priority
    /// The target that applied, as written (`1 working hour`); nil when no target covers the item.
    public var target: String?
    /// Whether the target runs on the service's business clock (else elapsed time).
    public var businessClock: Bool?
    public var dueAt: Date?
    /// Response time counted on the service's business calendar, whatever the target's clock.
    public var businessResponseSeconds: Double?
    public var calendarVersion: String
    public var policyVersion: String
}

extension PipelineConfig {
    /// The calendar of a service, or the standard office calendar for one the config does not know.
    public func calendar(forService id: String) -> Versioned<BusinessCalendar> {
        (service(id) ?? service(PipelineConfig.unassigned)!).calendar
    }

    /// Whether `text`, sent at `instant`, matches an emergency keyword of the policy then in force.
    public func isUrgent(_ text: String?, at instant: Date, service: String) -> Bool {
        guard let text else { return false }
        let zone = calendar(forService: service).version(at: instant).value.timeZone
        return sla.version(at: instant, in: zone).value.priority(of: text) == .urgent
    }

    /// Judges an item by the calendar and policy versions in force when it opened.
    public func verdict(for item: ResponseItem) -> SLAVerdict {
        let calendar = calendar(forService: item.service).version(at: item.openedAt)
        let policy = sla.version(at: item.openedAt, in: calendar.value.timeZone)
        let businessSeconds = item.response.map {
            Double(calendar.value.businessSeconds(from: item.openedAt, to: $0.at))
        }
        var verdict = SLAVerdict(
            priority: item.priority, target: nil, businessClock: nil, dueAt: nil,
            businessResponseSeconds: businessSeconds, calendarVersion: calendar.label, policyVersion: policy.label
        )
        if let rule = policy.value.rule(service: item.service, channel: item.channel, priority: item.priority) {
            verdict.target = rule.target.description
            verdict.businessClock = rule.target.clock == .working
            verdict.dueAt = rule.target.deadline(from: item.openedAt, calendar: calendar.value)
        }
        return verdict
    }
}
