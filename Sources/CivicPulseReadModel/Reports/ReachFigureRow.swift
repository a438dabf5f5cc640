import Foundation

/// Reach and engagement of one account, one service or the council over a period, as
/// `ReachFigureQueries.figures` sums it; nil where the platforms gave no figure.
public struct ReachFigureRow: Sendable, Equatable {
    public var service: String?
    public var channel: String?
    public var account: String?
    public var reach: Int?
    public var reachAccounts: Int
    public var impressions: Int?
    public var views: Int?
    public var comments: Int
    public var replies: Int
    public var reactions: Int
    public var shares: Int
    public var mentions: Int
    public var inboundMessages: Int
    public var engagements: Int
    public var engagementRate: Double?
    public var engagedResidents: Int
    public var followers: Int?
    public var followersGrowth: Int?
}
