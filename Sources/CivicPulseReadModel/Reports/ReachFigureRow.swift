import Foundation

/// Reach and engagement for one account, one service, or everything, over a period
/// (docs/reach.md), as `ReachFigureQueries.figures` sums it and reports write it. Nil means
/// "not available": the platform gave no figure.
public struct ReachFigureRow: Codable, Sendable, Equatable {
    public var service: String?
    public var channel: String?
    public var account: String?
    /// People reached, as the platforms report it for exactly this period; for a service or the
    /// total, the sum over its accounts (a resident reached by two accounts counts twice).
    public var reach: Int?
    /// Accounts whose figure is in `reach`.
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
    /// Engagements on days with impressions ÷ impressions.
    public var engagementRate: Double?
    /// Distinct residents who engaged: a HyperLogLog estimate (standard error 2.3%).
    public var engagedResidents: Int
    /// At the period's last reading; for a service or the total, summed over accounts.
    public var followers: Int?
    /// The last reading minus the period's first.
    public var followersGrowth: Int?

    enum CodingKeys: String, CodingKey {
        case service, channel, account, reach, impressions, views, comments, replies, reactions, shares, mentions,
             engagements, followers
        case reachAccounts = "reach_accounts"
        case inboundMessages = "inbound_messages"
        case engagementRate = "engagement_rate"
        case engagedResidents = "engaged_residents"
        case followersGrowth = "followers_growth"
    }

    /// All zeros: a period with no figures at all.
    public static func empty(service: String? = nil) -> ReachFigureRow {
        ReachFigureRow(service: service, channel: nil, account: nil, reach: nil, reachAccounts: 0, impressions: nil, views: nil,
                       comments: 0, replies: 0, reactions: 0, shares: 0, mentions: 0, inboundMessages: 0, engagements: 0,
                       engagementRate: nil, engagedResidents: 0, followers: nil, followersGrowth: nil)
    }
}
