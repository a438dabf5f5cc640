import CivicPulseCore
import Foundation

/// One item's resolution judged at an instant (docs/calendars-and-sla.md, "Resolution"): what
/// `export items` writes of it and what the resolution figures count, judged by this one type so
/// that the export, `report foi`, `sla` and `dashboard` agree.
public struct ItemResolution: Sendable, Equatable {
    /// Where the item stood at the instant.
    public var state: ExportedItem.State
    public var resolvedAt: Date?
    public var seconds: Double?
    /// On the service's business calendar as it was when the item opened.
    public var businessSeconds: Double?
    /// The council's replies up to the resolution; nil while unresolved.
    public var councilReplies: Int?

    public var atFirstContact: Bool { councilReplies == 1 }

    public init(state: ExportedItem.State, resolvedAt: Date? = nil, seconds: Double? = nil, businessSeconds: Double? = nil, councilReplies: Int? = nil) {
        self.state = state
        self.resolvedAt = resolvedAt
        self.seconds = seconds
        self.businessSeconds = businessSeconds
        self.councilReplies = councilReplies
    }

    /// The item opened at `openedAt`, answered by `asOf` or not, with the resolution the
    /// processor keeps with it and its business time: resolved once its quiet period is over by
    /// `asOf`.
    public init(kept: Resolution?, businessSeconds: Int?, openedAt: Date, answered: Bool, quietPeriod: TimeInterval, asOf: Date) {
        guard let resolution = kept, resolution.isResolved(asOf: asOf, quietPeriod: quietPeriod) else {
            self.init(state: answered ? .answered : .unanswered)
            return
        }
        self.init(state: .resolved, resolvedAt: resolution.resolvedAt, seconds: ExactSeconds.between(openedAt, resolution.resolvedAt),
                  businessSeconds: businessSeconds.map(Double.init), councilReplies: resolution.councilReplies)
    }
}
