import CivicPulseCore
import Foundation
import Postgres

/// Reply-time figures of one group of replies (docs/response-matching.md, rule 7): every resident
/// message the council answered, not only each item's first. Written as is into the `sla`
/// report's JSON, so the keys are the report's.
public struct ReplyFigures: Codable, Sendable, Equatable {
    /// Nil in the row of every reply of the period (the total).
    public var service: String?
    public var channel: String?
    public var replies: Int
    public var meanReplySeconds: Double?
    public var medianReplySeconds: Double?
    public var p90ReplySeconds: Double?
    /// The same on the service's business calendar.
    public var meanBusinessReplySeconds: Double?
    public var medianBusinessReplySeconds: Double?
    public var p90BusinessReplySeconds: Double?

    enum CodingKeys: String, CodingKey {
        case service, channel, replies
        case meanReplySeconds = "mean_reply_seconds"
        case medianReplySeconds = "median_reply_seconds"
        case p90ReplySeconds = "p90_reply_seconds"
        case meanBusinessReplySeconds = "mean_business_reply_seconds"
        case medianBusinessReplySeconds = "median_business_reply_seconds"
        case p90BusinessReplySeconds = "p90_business_reply_seconds"
    }
}

extension ReplyFigures {
    /// The replies of `scope`'s items (opened in its period up to the as-of instant, of its
    /// service and channel) answered by the as-of instant: per service and channel, then the
    /// total (service and channel nil) last. Exact percentiles, interpolated (`percentile_cont`);
    /// means as `Averages.mean` takes them.
    /// Business times follow `outOfHoursAnswer`.
    public static func load(_ scope: ResponseItemScope, outOfHoursAnswer: OutOfHoursAnswer, on connection: Connection) throws -> [ReplyFigures] {
        let business = ReplyRow.businessSeconds(outOfHoursAnswer)
        return try connection.query("""
            SELECT a.service, a.channel, grouping(a.service, a.channel) = 3 AS is_total, count(*) AS replies,
                   \(Self.mean("a.reply_seconds")), percentile_cont(0.5) WITHIN GROUP (ORDER BY a.reply_seconds),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY a.reply_seconds),
                   \(Self.mean(business)), percentile_cont(0.5) WITHIN GROUP (ORDER BY \(business)),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY \(business))
            FROM \(ReplyRow.answered(scope))
            GROUP BY GROUPING SETS ((a.service, a.channel), ())
            ORDER BY is_total, a.service, a.channel
            """).map { row in
            let total = try row.decode(Bool.self, 2)
            return ReplyFigures(
                service: total ? nil : try row.decode(String.self, 0), channel: total ? nil : try row.decode(String.self, 1),
                replies: try row.decode(Int.self, 3),
                meanReplySeconds: try row.decode(Double?.self, 4), medianReplySeconds: try row.decode(Double?.self, 5),
                p90ReplySeconds: try row.decode(Double?.self, 6), meanBusinessReplySeconds: try row.decode(Double?.self, 7),
                medianBusinessReplySeconds: try row.decode(Double?.self, 8), p90BusinessReplySeconds: try row.decode(Double?.self, 9)
            )
        }
    }

    /// The mean of `seconds` summed in whole milliseconds and divided once, as `Averages.mean`
    /// takes it in Swift: `avg` of the doubles rounded at each step, so its last digits followed
    /// the order the rows came in, which differed between runs.
    private static func mean(_ seconds: Query) -> Query {
        "(sum(round((\(seconds)) * 1000)::bigint)::double precision / (1000 * count(\(seconds))))"
    }
}
