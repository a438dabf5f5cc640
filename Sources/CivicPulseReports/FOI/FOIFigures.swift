import CivicPulseCore
import Foundation

/// What councils are asked under FOI about social-media customer service, counted from a
/// period's items as `export items` writes them, so each figure can be checked against the
/// export row by row (docs/calendars-and-sla.md, "The FOI report").
public struct FOIFigures: Codable, Sendable, Equatable {
    /// Items opened in the period: spells of a resident waiting for the council.
    public var items: Int
    public var channels: [ChannelShare]
    /// Of the items, answered by the period's end.
    public var answered: Int
    public var meanFirstResponseSeconds: Double?
    public var medianFirstResponseSeconds: Double?
    /// The median first response counted in the services' opening hours.
    public var medianFirstResponseBusinessSeconds: Double?
    public var meanResolutionSeconds: Double?
    public var medianResolutionSeconds: Double?
    public var resolved: Int
    /// Not resolved at the period's end: unanswered, or answered and not yet resolved.
    public var stillOpen: Int
    /// Of those still open, not answered at all.
    public var unanswered: Int
    public var resolvedAtFirstContact: Int
    /// The longest any resident waited for a first response: an answered item's response time,
    /// or an unanswered one's age at the period's end, whichever is longer.
    public var longestWaitSeconds: Double?
    /// Whether that longest wait is still going on (the item was not answered).
    public var longestWaitUnanswered: Bool

    public struct ChannelShare: Codable, Sendable, Equatable {
        public var channel: String
        public var items: Int
    }

    enum CodingKeys: String, CodingKey {
        case items, channels, answered, resolved, unanswered
        case meanFirstResponseSeconds = "mean_first_response_seconds"
        case medianFirstResponseSeconds = "median_first_response_seconds"
        case medianFirstResponseBusinessSeconds = "median_first_response_business_seconds"
        case meanResolutionSeconds = "mean_resolution_seconds"
        case medianResolutionSeconds = "median_resolution_seconds"
        case stillOpen = "still_open"
        case resolvedAtFirstContact = "resolved_at_first_contact"
        case longestWaitSeconds = "longest_wait_seconds"
        case longestWaitUnanswered = "longest_wait_unanswered"
    }
}

extension FOIFigures {
    /// The figures of these items at `asOf`. Medians interpolate between the middle two, as the
    /// `sla` report's `percentile_cont(0.5)` does, so the two agree; the resolution figures are
    /// the `sla` report's total row (`ResolutionFigures`).
    public init(items: [ExportedItem], asOf: Date) {
        let responses = items.compactMap(\.firstResponseSeconds)
        let resolution = ResolutionFigures(items: items)
        let waits = items.map { ($0.firstResponseSeconds ?? ExactSeconds.between($0.openedAt, asOf), $0.firstResponseSeconds == nil) }
        let longest = waits.max { $0.0 < $1.0 }
        self.init(
            items: items.count,
            channels: Dictionary(grouping: items, by: \.channel).map { ChannelShare(channel: $0.key, items: $0.value.count) }
                .sorted { ($0.items, $1.channel) > ($1.items, $0.channel) },
            answered: responses.count,
            meanFirstResponseSeconds: Averages.mean(responses), medianFirstResponseSeconds: Averages.median(responses),
            medianFirstResponseBusinessSeconds: Averages.median(items.compactMap(\.firstResponseBusinessSeconds)),
            meanResolutionSeconds: resolution.meanResolutionSeconds, medianResolutionSeconds: resolution.medianResolutionSeconds,
            resolved: resolution.resolved, stillOpen: resolution.stillOpen, unanswered: resolution.unanswered,
            resolvedAtFirstContact: resolution.resolvedAtFirstContact,
            longestWaitSeconds: longest?.0, longestWaitUnanswered: longest?.1 ?? false
        )
    }
}
