import Foundation

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
        let resolutions = items.compactMap(\.resolutionSeconds)
        let business = items.compactMap(\.resolutionBusinessSeconds)
        let firstContact = items.filter(\.resolvedAtFirstContact).count
        self.init(
            service: service, channel: channel, items: items.count, resolved: resolutions.count,
            meanResolutionSeconds: Averages.mean(resolutions), medianResolutionSeconds: Averages.median(resolutions),
            meanResolutionBusinessSeconds: Averages.mean(business), medianResolutionBusinessSeconds: Averages.median(business),
            resolvedAtFirstContact: firstContact, firstContactResolutionRate: Formatting.ratio(firstContact, of: resolutions.count),
            stillOpen: items.count - resolutions.count, unanswered: items.filter { $0.state == .unanswered }.count
        )
    }

    /// One row per service and channel, in that order, then the total (service and channel nil)
    /// last, as the `sla` report's every-reply rows are.
    public static func grouped(_ items: [ExportedItem]) -> [ResolutionFigures] {
        let groups = Dictionary(grouping: items) { [$0.service, $0.channel] }
        return groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map {
            ResolutionFigures(items: groups[$0] ?? [], service: $0[0], channel: $0[1])
        } + [ResolutionFigures(items: items)]
    }

    /// `48 hours`, as a pipeline writes `sla.resolution_quiet_period`, or a duration when it is
    /// not whole hours: how every report names the quiet period.
    public static func quietPeriod(_ seconds: Double) -> String {
        seconds.truncatingRemainder(dividingBy: 3600) == 0 ? "\(Int(seconds / 3600)) hours" : Formatting.duration(seconds)
    }
}
