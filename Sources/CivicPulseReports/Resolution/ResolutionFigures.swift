import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// Resolution figures of one group of items (docs/calendars-and-sla.md, "Resolution"), counted
/// from the items as `export items` writes them as of the period's as-of instant, so `sla`,
/// `dashboard`, `report foi` and the export agree by construction. Written as is into the
/// reports' JSON, so the keys are theirs.
public struct ResolutionFigures: Codable, Sendable, Equatable {
    /// Nil in the row of every item of the period (the total).
    public var service: String?
    public var channel: String?
    /// Items opened in the period.
    public var items: Int
    /// Of the items, resolved by the as-of instant.
    public var resolved: Int
    public var meanResolutionSeconds: Double?
    public var medianResolutionSeconds: Double?
    /// The same on the service's business calendar as it was when each item opened.
    public var meanResolutionBusinessSeconds: Double?
    public var medianResolutionBusinessSeconds: Double?
    /// Of the resolved, resolved with one council reply.
    public var resolvedAtFirstContact: Int
    /// `resolvedAtFirstContact` of `resolved`; nil when none was resolved.
    public var firstContactResolutionRate: Double?
    /// Not resolved by the as-of instant: answered and not yet resolved, or unanswered.
    public var stillOpen: Int
    /// Of those still open, not answered at all.
    public var unanswered: Int

    enum CodingKeys: String, CodingKey {
        case service, channel, items, resolved, unanswered
        case meanResolutionSeconds = "mean_resolution_seconds"
        case medianResolutionSeconds = "median_resolution_seconds"
        case meanResolutionBusinessSeconds = "mean_resolution_business_seconds"
        case medianResolutionBusinessSeconds = "median_resolution_business_seconds"
        case resolvedAtFirstContact = "resolved_at_first_contact"
        case firstContactResolutionRate = "first_contact_resolution_rate"
        case stillOpen = "still_open"
    }
}

extension ResolutionFigures {
    /// The figures of `items`, all of them one group (`service` and `channel` name it; nil for all).
    public init(items: [ExportedItem], service: String? = nil, channel: String? = nil) {
        self.init(items.map(\.resolution), service: service, channel: channel)
    }

    /// The figures of these items' resolutions, all of them one group.
    init(_ items: [ItemResolution], service: String? = nil, channel: String? = nil) {
        let resolutions = items.compactMap(\.seconds)
        let business = items.compactMap(\.businessSeconds)
        let firstContact = items.filter(\.atFirstContact).count
        self.init(
            service: service, channel: channel, items: items.count, resolved: resolutions.count,
            meanResolutionSeconds: Averages.mean(resolutions), medianResolutionSeconds: Averages.median(resolutions),
            meanResolutionBusinessSeconds: Averages.mean(business), medianResolutionBusinessSeconds: Averages.median(business),
            resolvedAtFirstContact: firstContact, firstContactResolutionRate: Formatting.ratio(firstContact, of: resolutions.count),
            stillOpen: items.count - resolutions.count, unanswered: items.filter { $0.state == .unanswered }.count
        )
    }

    /// The figures of `filter`'s items at its as-of instant, one row per service and channel, in
    /// that order, then the total (service and channel nil) last, as the `sla` report's
    /// every-reply rows are. Each item is judged as `export items` judges it (`ItemResolution`),
    /// from only the columns the figures need. Throws `QuietPeriodChanged` when the pipeline's
    /// quiet period is not the one the resolutions were kept with.
    public static func load(_ filter: ResponseFilter, config: PipelineConfig, on connection: Connection) throws -> [ResolutionFigures] {
        try QuietPeriodChanged.check(org: filter.org, config: config, on: connection)
        let asOf = filter.period.asOf
        var groups: [Group: [ItemResolution]] = [:]
        var all: [ItemResolution] = []
        for row in try ItemExportQueries.resolutions(filter.scope, on: connection) {
            let resolution = row.openedAt.map {
                ItemResolution(kept: row.resolution, businessSeconds: row.resolutionBusinessSeconds, openedAt: $0,
                               answered: row.answered, quietPeriod: config.resolutionQuietPeriod, asOf: asOf)
            } ?? ItemResolution(state: row.answered ? .answered : .unanswered)
            let items = repeatElement(resolution, count: row.items)
            groups[Group(service: row.service, channel: row.channel), default: []].append(contentsOf: items)
            all.append(contentsOf: items)
        }
        return groups.keys.sorted { ($0.service, $0.channel) < ($1.service, $1.channel) }.map {
            ResolutionFigures(groups[$0] ?? [], service: $0.service, channel: $0.channel)
        } + [ResolutionFigures(all)]
    }

    /// A service and channel: a struct, not a two-string array, so a week's items make no
    /// array each to group by.
    private struct Group: Hashable {
        var service: String
        var channel: String
    }

    /// `48 hours`, as a pipeline writes `sla.resolution_quiet_period`, or a duration when it is
    /// not whole hours: how every report names the quiet period.
    public static func quietPeriod(_ seconds: Double) -> String {
        seconds.truncatingRemainder(dividingBy: 3600) == 0 ? "\(Int(seconds / 3600)) hours" : Formatting.duration(seconds)
    }
}
