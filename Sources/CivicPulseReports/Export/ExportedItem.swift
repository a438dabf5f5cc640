import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// One response item as `civicpulse export items` writes it: for performance teams who want
/// every item, not the figures, to count and chart them their own way. The counts and medians
/// of a period's rows are the `sla` report's (docs/calendars-and-sla.md, "Exports").
public struct ExportedItem: Codable, Sendable, Equatable {
    public var itemID: UUID
    public var service: String
    public var channel: String
    public var account: String
    public var priority: String
    public var openedAt: Date
    /// The council's first answer, if it came by the as-of instant.
    public var firstResponseAt: Date?
    public var firstResponseSeconds: Double?
    /// The same, counted on the service's business calendar.
    public var firstResponseBusinessSeconds: Double?
    /// The target that applied, as written (`1 working hour`); nil when none did.
    public var slaTarget: String?
    public var dueAt: Date?
    /// The SLA status at the as-of instant: `met`, `breached`, `open_within_target`, `at_risk`,
    /// `open_breached`, or `no_target`.
    public var status: String
    /// Where the item stood at the as-of instant: `resolved`, `answered` (not resolved yet) or `unanswered`.
    public var state: State
    public var resolvedAt: Date?
    public var resolutionSeconds: Double?
    public var resolutionBusinessSeconds: Double?
    /// The council's replies up to the resolution; nil while unresolved.
    public var councilReplies: Int?
    public var resolvedAtFirstContact: Bool
    public var platformID: String?
    public var url: String?

    public enum State: String, Codable, Sendable {
        case resolved, answered, unanswered
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case itemID = "item_id"
        case service, channel, account, priority
        case openedAt = "opened_at"
        case firstResponseAt = "first_response_at"
        case firstResponseSeconds = "first_response_seconds"
        case firstResponseBusinessSeconds = "first_response_business_seconds"
        case slaTarget = "sla_target"
        case dueAt = "due_at"
        case status, state
        case resolvedAt = "resolved_at"
        case resolutionSeconds = "resolution_seconds"
        case resolutionBusinessSeconds = "resolution_business_seconds"
        case councilReplies = "council_replies"
        case resolvedAtFirstContact = "resolved_at_first_contact"
        case platformID = "platform_id"
        case url
    }
}

extension ExportedItem {
    /// Every item of `filter` as it stood at the period's as-of instant, oldest first, each
    /// resolved on the pipeline's quiet period and timed on its service's calendar as it was when
    /// the item opened. The resolution and its business time are the ones the processor keeps
    /// with the item, judged at the as-of instant (`ItemResolution`): no message is read, no
    /// calendar walked. Throws `QuietPeriodChanged` when the pipeline's quiet period is not the
    /// one they were kept with.
    public static func load(_ filter: ResponseFilter, config: PipelineConfig, on connection: Connection) throws -> [ExportedItem] {
        let asOf = filter.period.asOf
        try QuietPeriodChanged.check(org: filter.org, config: config, on: connection)
        let rows = try ItemExportQueries.items(filter.scope, outOfHoursAnswer: config.outOfHoursAnswer, on: connection)
        let items = try ListedItem.listing(rows.map(\.item), on: connection)
        return zip(rows, items).map { row, item in
            let item = item.judged(config: config, asOf: asOf)
            let resolution = ItemResolution(kept: row.resolution, businessSeconds: row.resolutionBusinessSeconds, openedAt: item.openedAt,
                                            answered: item.respondedAt != nil, quietPeriod: config.resolutionQuietPeriod, asOf: asOf)
            return ExportedItem(
                itemID: item.itemID, service: item.service, channel: item.channel, account: item.account, priority: item.priority,
                openedAt: item.openedAt, firstResponseAt: item.respondedAt,
                firstResponseSeconds: row.responseSeconds,
                firstResponseBusinessSeconds: row.businessResponseSeconds,
                slaTarget: row.slaTarget, dueAt: item.dueAt, status: item.status ?? "no_target",
                state: resolution.state, resolvedAt: resolution.resolvedAt,
                resolutionSeconds: resolution.seconds, resolutionBusinessSeconds: resolution.businessSeconds,
                councilReplies: resolution.councilReplies, resolvedAtFirstContact: resolution.atFirstContact,
                platformID: item.sourceID, url: item.url
            )
        }
    }

    /// The item's resolution as the resolution figures count it.
    var resolution: ItemResolution {
        ItemResolution(state: state, resolvedAt: resolvedAt, seconds: resolutionSeconds, businessSeconds: resolutionBusinessSeconds,
                       councilReplies: councilReplies)
    }
}
