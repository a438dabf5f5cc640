import CivicPulseCore
import Foundation
import Postgres

/// What reports read of reach and engagement: the days of `projections.engagement_daily` and
/// `projections.account_metrics_daily` as `analytics.reach_days` joins them (one definition of a
/// day's figures for analysts and reports alike), summed over a period here.
public enum ReachFigureQueries {
    /// Per account, per service and in total (service, channel and account nil), in that order,
    /// from `from` to `to` (both included); `reachWindow` is the platform reach figure covering
    /// the period (`day`, `week`, `days_28`), read on its last day, or nil when none does.
    public static func figures(org: String, from: CivilDate, to: CivilDate, service: String?, reachWindow: String?,
                               on connection: Connection) throws -> [ReachFigureRow] {
        let column = switch reachWindow {
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
            return ReachFigureRow(
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

    /// Total weekly platform reach and engaged residents of each of these weeks (Monday to
    /// Sunday) for the whole council, from one read of the days they span, in the weeks' order
    /// (a week with no day read has nil reach and 0 engaged residents).
    public static func weekTotals(org: String, weeks: [(from: CivilDate, to: CivilDate)],
                                  on connection: Connection) throws -> [(reach: Int?, engagedResidents: Int)] {
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
}
