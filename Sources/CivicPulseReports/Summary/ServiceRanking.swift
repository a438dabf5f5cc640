import CivicPulseCore
import Foundation
import Postgres

/// Services ranked on % answered within target, then response rate. Only services with enough
/// items to judge are ranked, so a service with two messages is never "best" by luck; messages
/// no routing rule matched (`unassigned`) are listed but not ranked, as no service owns them.
public struct ServiceRanking: Codable, Sendable, Equatable {
    /// Items whose SLA outcome is known that a service needs this week to be ranked.
    public var minimumJudged: Int
    /// Every service with items this week: the ranked ones best first, then the rest by volume.
    public var services: [ServiceScore]
    public var best: [String]
    public var worst: [String]

    enum CodingKeys: String, CodingKey {
        case services, best, worst
        case minimumJudged = "minimum_judged"
    }

    public struct ServiceScore: Codable, Sendable, Equatable {
        public var service: String
        public var name: String
        public var ranked: Bool
        /// The service's total row of `ResponseStats` (all channels), as `sla --service` gives it.
        public var stats: ResponseStats
    }

    public static let defaultMinimumJudged = 10
    /// How many services the best and worst lists name at most (they never overlap).
    public static let listSize = 2

    /// From the week's figures per service (`ResponseStats` grouped `.service`).
    init(_ rows: [ResponseStats], config: PipelineConfig, minimumJudged: Int = defaultMinimumJudged) {
        var ids = config.services.map(\.id)
        if !ids.contains(PipelineConfig.unassigned) { ids.append(PipelineConfig.unassigned) }
        let scores = ids.compactMap { id -> ServiceScore? in
            guard var stats = rows.first(where: { $0.service == id }), stats.inbound > 0 else { return nil }
            stats.service = nil // a total row, as `sla --service` gives it
            return ServiceScore(service: id, name: config.service(id)?.name ?? id, ranked: id != PipelineConfig.unassigned && stats.judged >= minimumJudged, stats: stats)
        }
        self.init(scores: scores, minimumJudged: minimumJudged)
    }

    init(scores: [ServiceScore], minimumJudged: Int) {
        self.minimumJudged = minimumJudged
        let ranked = scores.filter(\.ranked).sorted { a, b in
            let left = (a.stats.withinTargetRate ?? -1, a.stats.responseRate ?? -1, a.stats.inbound)
            let right = (b.stats.withinTargetRate ?? -1, b.stats.responseRate ?? -1, b.stats.inbound)
            return left != right ? left > right : a.service < b.service
        }
        let rest = scores.filter { !$0.ranked }.sorted { ($0.stats.inbound, $1.service) > ($1.stats.inbound, $0.service) }
        services = ranked + rest
        let size = min(Self.listSize, ranked.count / 2)
        best = ranked.prefix(size).map(\.service)
        worst = ranked.suffix(size).reversed().map(\.service)
    }
}
