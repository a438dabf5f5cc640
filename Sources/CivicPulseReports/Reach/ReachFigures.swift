import CivicPulseCore
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
        let column = switch reachWindow(days: to.daysSinceEpoch - from.daysSinceEpoch + 1) {
        case "day": "reach"
        case "week": "reach_7_days"
        case "days_28": "reach_28_days"
        default: "NULL::bigint"
        }
        let rows = try connection.query("""
            WITH per_account AS (
                SELECT service, channel, account,
                       max(\(unescaped: column)) FILTER (WHERE day = \(to.description)::date) AS reach,
                       sum(impressions) AS impressions, sum(views) AS views,
                       sum(comments) AS comments, sum(replies) AS replies, sum(reactions) AS reactions,
                       sum(shares) AS shares, sum(mentions) AS mentions, sum(inbound_messages) AS inbound_messages,
                       sum(engagements) AS engagements,
                       sum(engagements) FILTER (WHERE impressions IS NOT NULL) AS rated_engagements,
                       hll_union_agg(engaged_residents_sketch) AS sketch,
                       (array_agg(followers ORDER BY day DESC) FILTER (WHERE followers IS NOT NULL))[1] AS followers,
                       (array_agg(followers ORDER BY day) FILTER (WHERE followers IS NOT NULL))[1] AS first_followers
                FROM analytics.reach_days(\(org), \(from.description)::date, \(to.description)::date)
                WHERE (\(service)::text IS NULL OR service = \(service))
                GROUP BY service, channel, account
            )
            SELECT service, channel, account, grouping(service, channel, account) AS level,
                   sum(reach)::bigint AS reach, count(reach) AS reach_accounts,
                   sum(impressions)::bigint AS impressions, sum(views)::bigint AS views,
                   coalesce(sum(comments), 0)::bigint AS comments, coalesce(sum(replies), 0)::bigint AS replies,
                   coalesce(sum(reactions), 0)::bigint AS reactions, coalesce(sum(shares), 0)::bigint AS shares,
                   coalesce(sum(mentions), 0)::bigint AS mentions, coalesce(sum(inbound_messages), 0)::bigint AS inbound_messages,
                   coalesce(sum(engagements), 0)::bigint AS engagements,
                   sum(rated_engagements)::double precision / nullif(sum(impressions), 0) AS engagement_rate,
                   coalesce(round(hll_cardinality(hll_union_agg(sketch))), 0)::bigint AS engaged_residents,
                   sum(followers)::bigint AS followers, sum(followers - first_followers)::bigint AS followers_growth
            FROM per_account
            GROUP BY GROUPING SETS ((service, channel, account), (service), ())
            ORDER BY level, service, channel, account
            """)
        return try rows.map { row in
            let level = try row.decode(Int.self, "level")
            return ReachFigures(
                service: level == 7 ? nil : try row.decode(String?.self, "service"),
                channel: level == 0 ? try row.decode(String?.self, "channel") : nil,
                account: level == 0 ? try row.decode(String?.self, "account") : nil,
                reach: try row.decode(Int?.self, "reach"), reachAccounts: try row.decode(Int.self, "reach_accounts"),
                impressions: try row.decode(Int?.self, "impressions"), views: try row.decode(Int?.self, "views"),
                comments: try row.decode(Int.self, "comments"), replies: try row.decode(Int.self, "replies"),
                reactions: try row.decode(Int.self, "reactions"), shares: try row.decode(Int.self, "shares"),
                mentions: try row.decode(Int.self, "mentions"), inboundMessages: try row.decode(Int.self, "inbound_messages"),
                engagements: try row.decode(Int.self, "engagements"), engagementRate: try row.decode(Double?.self, "engagement_rate"),
                engagedResidents: try row.decode(Int.self, "engaged_residents"),
                followers: try row.decode(Int?.self, "followers"), followersGrowth: try row.decode(Int?.self, "followers_growth")
            )
        }
    }

    /// Total reach and engaged residents of each of these weeks (Monday to Sunday), as `load`
    /// gives them for the whole council, from one read of the days they span: the summary's trend
    /// asked for eight weeks one at a time.
    static func weekTotals(org: String, weeks: [(from: CivilDate, to: CivilDate)], on connection: Connection) throws -> [(reach: Int?, engagedResidents: Int)] {
        guard let first = weeks.map(\.from).min(), let last = weeks.map(\.to).max() else { return [] }
        let rows = try connection.query("""
            SELECT w.n, sum(r.reach_7_days) FILTER (WHERE r.day = w.to_day)::bigint AS reach,
                   coalesce(round(hll_cardinality(hll_union_agg(r.engaged_residents_sketch))), 0)::bigint AS engaged_residents
            FROM unnest(\(weeks.map(\.from.description))::date[], \(weeks.map(\.to.description))::date[]) WITH ORDINALITY AS w(from_day, to_day, n)
            JOIN analytics.reach_days(\(org), \(first.description)::date, \(last.description)::date) r ON r.day BETWEEN w.from_day AND w.to_day
            GROUP BY w.n
            """)
        var totals: [(reach: Int?, engagedResidents: Int)] = Array(repeating: (nil, 0), count: weeks.count)
        for row in rows {
            totals[try row.decode(Int.self, 0) - 1] = (try row.decode(Int?.self, 1), try row.decode(Int.self, 2))
        }
        return totals
    }

    /// All zeros: a period with no figures at all.
    static func empty(service: String? = nil) -> ReachFigures {
        ReachFigures(service: service, channel: nil, account: nil, reach: nil, reachAccounts: 0, impressions: nil, views: nil,
                     comments: 0, replies: 0, reactions: 0, shares: 0, mentions: 0, inboundMessages: 0, engagements: 0,
                     engagementRate: nil, engagedResidents: 0, followers: nil, followersGrowth: nil)
    }
}
