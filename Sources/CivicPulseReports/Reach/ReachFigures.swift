import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// Reach and engagement for one account, one service, or everything, over a period
/// (docs/reach.md). Nil means "not available": the platform gave no figure.
public struct ReachFigures: Codable, Sendable, Equatable {
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

    /// The sketch's standard error: 1.04 / √2048 for the log2m = 11 sketches (migration 005).
    public static let engagedResidentsError = 0.023

    /// Which platform reach figure covers a period of this many days exactly: `day`, `week`
    /// (7 days) or `days_28`; any other length has no platform figure.
    public static func reachWindow(days: Int) -> String? {
        switch days {
        case 1: "day"
        case 7: "week"
        case 28: "days_28"
        default: nil
        }
    }

    /// Per account, per service and in total (service, channel and account nil), in that order.
    static func load(org: String, from: CivilDate, to: CivilDate, service: String?, on connection: Connection) throws -> [ReachFigures] {
        try ReachFigureQueries.figures(org: org, from: from, to: to, service: service,
                                       reachWindow: reachWindow(days: to.daysSinceEpoch - from.daysSinceEpoch + 1), on: connection)
            .map(ReachFigures.init(row:))
    }

    /// All zeros: a period with no figures at all.
    static func empty(service: String? = nil) -> ReachFigures {
        ReachFigures(service: service, channel: nil, account: nil, reach: nil, reachAccounts: 0, impressions: nil, views: nil,
                     comments: 0, replies: 0, reactions: 0, shares: 0, mentions: 0, inboundMessages: 0, engagements: 0,
                     engagementRate: nil, engagedResidents: 0, followers: nil, followersGrowth: nil)
    }
}

extension ReachFigures {
    /// The read model's row, as reports show it.
    init(row: ReachFigureRow) {
        self.init(service: row.service, channel: row.channel, account: row.account, reach: row.reach, reachAccounts: row.reachAccounts,
                  impressions: row.impressions, views: row.views, comments: row.comments, replies: row.replies,
                  reactions: row.reactions, shares: row.shares, mentions: row.mentions, inboundMessages: row.inboundMessages,
                  engagements: row.engagements, engagementRate: row.engagementRate, engagedResidents: row.engagedResidents,
                  followers: row.followers, followersGrowth: row.followersGrowth)
    }
}
