import CivicPulseCore

/// The councils whose events the processor reads, each with its own pipeline: one database may
/// hold several (a regional body, a shared service), and each council's events must be judged by
/// its own calendars, targets, time zone and services, never by another council's.
public struct Councils: Sendable {
    /// The pipelines in the order given.
    public let pipelines: [PipelineConfig]
    private let byOrg: [String: PipelineConfig]

    /// - Parameter pipelines: one per council, at least one; the caller gives each council once
    ///   (the command line refuses a council named twice, `CouncilOptions`).
    public init(_ pipelines: [PipelineConfig]) {
        precondition(!pipelines.isEmpty, "the processor needs a council's pipeline")
        self.pipelines = pipelines
        byOrg = Dictionary(uniqueKeysWithValues: pipelines.map { ($0.org, $0) })
    }

    /// The councils' orgs, in the order given.
    public var orgs: [String] { pipelines.map(\.org) }

    /// A batch cut into each council's events, in log order within each, councils in the order
    /// their first event comes: each council's projections see what they would see in a log
    /// holding that council alone. An event of a council no pipeline names stops the cut.
    func split(_ events: [LoggedEvent]) throws(UnknownCouncil) -> [(config: PipelineConfig, events: [LoggedEvent])] {
        guard let first = events.first else { return [] }
        // A batch of one council, every batch of a log holding one, goes on as it was read:
        // grouping copied each of its events into a new array.
        if !events.contains(where: { $0.org != first.org }) {
            guard let config = byOrg[first.org] else { throw UnknownCouncil(org: first.org, position: first.position, known: orgs) }
            return [(config, events)]
        }
        var order: [String] = []
        var grouped: [String: [LoggedEvent]] = [:]
        for event in events {
            if grouped[event.org] == nil {
                guard byOrg[event.org] != nil else { throw UnknownCouncil(org: event.org, position: event.position, known: orgs) }
                order.append(event.org)
            }
            grouped[event.org, default: []].append(event)
        }
        return order.map { (byOrg[$0]!, grouped[$0]!) }
    }
}
