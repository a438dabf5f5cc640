import CivicPulseCore
import Foundation

/// An item's resolution as the response projection keeps it with the item
/// (`projections.response_items`, migration 133), so that reports judge it at any instant from
/// the item's row alone (docs/calendars-and-sla.md, "Resolution").
public struct KeptResolution: Sendable, Equatable {
    /// The walk through the item's conversation up to the conversation's cut (its last quiet
    /// point; before the item's first message when it has none). A batch reads a conversation
    /// from its cut, so an item opened before it goes on from this walk, not from its messages.
    public var atCut: ResolutionWalk
    /// From every message known, with the quiet period the processor read: resolved at an
    /// instant exactly when its quiet period is over by then (`Resolution.isResolved`).
    public var candidate: Resolution?
    /// The candidate's resolution time on the item's service's business calendar as it was when
    /// the item opened, in whole seconds (as `business_response_seconds` is timed): kept so that
    /// reports do not walk the calendar for every resolved item. Nil with no candidate.
    public var businessSeconds: Int?

    public init(atCut: ResolutionWalk = ResolutionWalk(), candidate: Resolution? = nil, businessSeconds: Int? = nil) {
        self.atCut = atCut
        self.candidate = candidate
        self.businessSeconds = businessSeconds
    }
}

/// The resolution kept with an item opened at or before its conversation's cut, which a batch
/// reading the conversation from the cut does not write again: what it needs to walk on.
public struct ResolutionBeforeCut: Sendable, Equatable {
    public var org: String
    public var itemID: UUID
    public var openedAt: Date
    public var conversationKey: String
    /// Whose calendar times the resolution.
    public var service: String
    public var residentHash: Data?
    public var kept: KeptResolution

    public init(org: String, itemID: UUID, openedAt: Date, conversationKey: String, service: String, residentHash: Data?, kept: KeptResolution) {
        self.org = org
        self.itemID = itemID
        self.openedAt = openedAt
        self.conversationKey = conversationKey
        self.service = service
        self.residentHash = residentHash
        self.kept = kept
    }
}
