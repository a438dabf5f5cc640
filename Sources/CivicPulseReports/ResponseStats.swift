import CivicPulseCore
import Foundation
import Postgres

/// Response figures for one group of items (a service on a channel, or everything).
public struct ResponseStats: Codable, Sendable, Equatable {
    public var service: String?
    public var channel: String?
    /// Items opened in the period: spells of a resident waiting for the org.
    public var inbound: Int
    /// Of those, answered by the as-of instant.
    public var answered: Int
    public var responseRate: Double?
    public var meanFirstResponseSeconds: Double?
    public var medianFirstResponseSeconds: Double?
    public var p90FirstResponseSeconds: Double?
    public var p95FirstResponseSeconds: Double?
    /// The same, counted on the service's business calendar.
    public var medianBusinessResponseSeconds: Double?
    /// Answered by their deadline.
    public var withinTarget: Int
    /// Items whose SLA outcome is known: answered (in time or late), or still open past the deadline.
    public var judged: Int
    public var withinTargetRate: Double?
    public var breached: Int
    /// Not answered by the as-of instant.
    public var open: Int
    public var atRisk: Int
    public var oldestOpenAgeSeconds: Double?
    public var urgent: Int

    enum CodingKeys: String, CodingKey {
        case service, channel, inbound, answered, open, urgent, breached, judged
        case responseRate = "response_rate"
        case meanFirstResponseSeconds = "mean_first_response_seconds"
        case medianFirstResponseSeconds = "median_first_response_seconds"
        case p90FirstResponseSeconds = "p90_first_response_seconds"
        case p95FirstResponseSeconds = "p95_first_response_seconds"
        case medianBusinessResponseSeconds = "median_business_response_seconds"
        case withinTarget = "within_target"
        case withinTargetRate = "within_target_rate"
        case atRisk = "at_risk"
        case oldestOpenAgeSeconds = "oldest_open_age_seconds"
    }
}

/// Filters shared by the response reports.
public struct ResponseFilter: Sendable, Equatable {
    public var org: String
    public var period: ReportPeriod
    public var service: String?
    public var channel: String?

    public init(org: String, period: ReportPeriod, service: String? = nil, channel: String? = nil) {
        self.org = org
        self.period = period
        self.service = service
        self.channel = channel
    }
}

extension ResponseStats {
    /// Figures per service and channel, plus the total (service and channel nil), in one pass.
    ///
    /// Exact percentiles (`percentile_cont`, interpolated) straight from the projection. An item
    /// answered after `asOf` counts as open at `asOf`, so a report for a past week reads as it
    /// would have then. At risk: open, within target, with at least 80% of the target used,
    /// on the target's own clock (docs/calendars-and-sla.md).
    public static func load(_ filter: ResponseFilter, config: PipelineConfig, on connection: Connection) throws -> [ResponseStats] {
        let asOf = filter.period.asOf
        let atRisk = try OpenItem.loadNotYetDue(filter, on: connection).filter { $0.status(config: config, asOf: asOf) == .atRisk }
        let rows = try connection.query("""
            WITH items AS (
                SELECT service, channel, priority, opened_at, due_at, sla_business_clock,
                       CASE WHEN responded_at <= \(asOf) THEN responded_at END AS responded_at,
                       CASE WHEN responded_at <= \(asOf) THEN response_seconds END AS response_seconds,
                       CASE WHEN responded_at <= \(asOf) THEN business_response_seconds END AS business_seconds
                FROM projections.response_items
                WHERE org = \(filter.org) AND opened_at >= \(filter.period.start) AND opened_at < \(filter.period.end)
                  AND opened_at <= \(asOf)
                  AND (\(filter.service)::text IS NULL OR service = \(filter.service))
                  AND (\(filter.channel)::text IS NULL OR channel = \(filter.channel))
            )
            SELECT service, channel, grouping(service, channel) = 3 AS is_total,
                   count(*) AS inbound,
                   count(responded_at) AS answered,
                   avg(response_seconds) AS mean_s,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY response_seconds) AS median_s,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY response_seconds) AS p90_s,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY response_seconds) AS p95_s,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY business_seconds) AS median_business_s,
                   count(*) FILTER (WHERE responded_at <= due_at) AS within_target,
                   count(*) FILTER (WHERE due_at IS NOT NULL AND (responded_at IS NOT NULL OR due_at < \(asOf))) AS judged,
                   count(*) FILTER (WHERE responded_at IS NULL) AS open,
                   extract(epoch FROM \(asOf) - min(opened_at) FILTER (WHERE responded_at IS NULL)) AS oldest_open_s,
                   count(*) FILTER (WHERE priority = 'urgent') AS urgent
            FROM items
            GROUP BY GROUPING SETS ((service, channel), ())
            ORDER BY is_total, service, channel
            """)
        return try rows.map { row -> ResponseStats in
            let isTotal = try row.decode(Bool.self, "is_total")
            let service = isTotal ? nil : try row.decode(String?.self, "service")
            let channel = isTotal ? nil : try row.decode(String?.self, "channel")
            let inbound = try row.decode(Int.self, "inbound")
            let answered = try row.decode(Int.self, "answered")
            let withinTarget = try row.decode(Int.self, "within_target")
            let judged = try row.decode(Int.self, "judged")
            return ResponseStats(
                service: service, channel: channel,
                inbound: inbound, answered: answered,
                responseRate: Formatting.ratio(answered, of: inbound),
                meanFirstResponseSeconds: try row.decode(Double?.self, "mean_s"),
                medianFirstResponseSeconds: try row.decode(Double?.self, "median_s"),
                p90FirstResponseSeconds: try row.decode(Double?.self, "p90_s"),
                p95FirstResponseSeconds: try row.decode(Double?.self, "p95_s"),
                medianBusinessResponseSeconds: try row.decode(Double?.self, "median_business_s"),
                withinTarget: withinTarget, judged: judged,
                withinTargetRate: Formatting.ratio(withinTarget, of: judged),
                breached: judged - withinTarget,
                open: try row.decode(Int.self, "open"),
                atRisk: atRisk.filter { isTotal || ($0.service == service && $0.channel == channel) }.count,
                oldestOpenAgeSeconds: try row.decode(Double?.self, "oldest_open_s"),
                urgent: try row.decode(Int.self, "urgent")
            )
        }
    }
}
