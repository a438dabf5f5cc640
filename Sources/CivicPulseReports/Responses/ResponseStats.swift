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
    /// Answered items that took no business time: answered while the service was closed (a
    /// weekend's answer to a weekend's question, an urgent item answered overnight). When they
    /// are most answers, the business-hours median is 0 s, which reads as a fault unless said.
    public var answeredInClosedHours = 0
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
        case answeredInClosedHours = "answered_in_closed_hours"
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
    /// How a load splits its figures; every grouping also gives the total (service and channel nil).
    public enum Grouping: Sendable {
        case serviceAndChannel, service, totalOnly

        /// The grouping sets (`n` numbers the periods), and the select list naming each row.
        var sql: (sets: String, keys: String) {
            switch self {
            case .serviceAndChannel: ("(n, service, channel), (n)", "service, channel, grouping(service, channel) = 3 AS is_total")
            case .service: ("(n, service), (n)", "service, NULL::text AS channel, grouping(service) = 1 AS is_total")
            case .totalOnly: ("(n)", "NULL::text AS service, NULL::text AS channel, true AS is_total")
            }
        }
    }

    /// Figures per service and channel, plus the total (service and channel nil), in one pass.
    public static func load(_ filter: ResponseFilter, grouping: Grouping = .serviceAndChannel, config: PipelineConfig, on connection: Connection) throws -> [ResponseStats] {
        try load(filter, periods: [filter.period], grouping: grouping, config: config, on: connection)[0]
    }

    /// The figures of several periods (the filter's own period is ignored), one list per period,
    /// from one query.
    ///
    /// Exact percentiles (`percentile_cont`, interpolated) straight from the projection. An item
    /// answered after a period's `asOf` counts as open at that `asOf`, so a report for a past week
    /// reads as it would have then. At risk: open, within target, with at least 80% of the target
    /// used, on the target's own clock (docs/calendars-and-sla.md); a caller that lists them
    /// passes the periods' `atRisk` items it loaded, which are then not judged again.
    static func load(_ filter: ResponseFilter, periods: [ReportPeriod], grouping: Grouping,
                     atRisk loaded: [[AtRiskItem]]? = nil, config: PipelineConfig, on connection: Connection) throws -> [[ResponseStats]] {
        let atRisk = try loaded ?? AtRiskItem.load(filter, periods: periods, config: config, on: connection)
        let rows = try connection.query("""
            WITH p AS (
                SELECT * FROM unnest(\(periods.map(\.start.postgresText))::timestamptz[], \(periods.map(\.end.postgresText))::timestamptz[],
                                     \(periods.map(\.asOf.postgresText))::timestamptz[]) WITH ORDINALITY AS p(start_at, end_at, as_of, n)
            ), items AS (
                SELECT p.n, p.as_of, service, channel, priority, opened_at, due_at,
                       CASE WHEN responded_at <= p.as_of THEN responded_at END AS responded_at,
                       CASE WHEN responded_at <= p.as_of THEN response_seconds END AS response_seconds,
                       CASE WHEN responded_at <= p.as_of THEN business_response_seconds END AS business_seconds
                FROM p JOIN projections.response_items i
                  ON i.org = \(filter.org) AND i.opened_at >= p.start_at AND i.opened_at < p.end_at AND i.opened_at <= p.as_of
                WHERE (\(filter.service)::text IS NULL OR service = \(filter.service))
                  AND (\(filter.channel)::text IS NULL OR channel = \(filter.channel))
            )
            SELECT n, \(unescaped: grouping.sql.keys),
                   count(*) AS inbound,
                   count(responded_at) AS answered,
                   avg(response_seconds) AS mean_s,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY response_seconds) AS median_s,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY response_seconds) AS p90_s,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY response_seconds) AS p95_s,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY business_seconds) AS median_business_s,
                   count(*) FILTER (WHERE business_seconds = 0) AS closed_hours,
                   count(*) FILTER (WHERE responded_at <= due_at) AS within_target,
                   count(*) FILTER (WHERE due_at IS NOT NULL AND (responded_at IS NOT NULL OR due_at < as_of)) AS judged,
                   count(*) FILTER (WHERE responded_at IS NULL) AS open,
                   extract(epoch FROM max(as_of) - min(opened_at) FILTER (WHERE responded_at IS NULL)) AS oldest_open_s,
                   count(*) FILTER (WHERE priority = 'urgent') AS urgent
            FROM items
            GROUP BY GROUPING SETS (\(unescaped: grouping.sql.sets))
            ORDER BY n, is_total, service, channel
            """)
        var byPeriod = Array(repeating: [ResponseStats](), count: periods.count)
        for row in rows {
            let index = try row.decode(Int.self, "n") - 1
            let isTotal = try row.decode(Bool.self, "is_total")
            let service = isTotal ? nil : try row.decode(String?.self, "service")
            let channel = isTotal ? nil : try row.decode(String?.self, "channel")
            let inbound = try row.decode(Int.self, "inbound")
            let answered = try row.decode(Int.self, "answered")
            let withinTarget = try row.decode(Int.self, "within_target")
            let judged = try row.decode(Int.self, "judged")
            byPeriod[index].append(ResponseStats(
                service: service, channel: channel,
                inbound: inbound, answered: answered,
                responseRate: Formatting.ratio(answered, of: inbound),
                meanFirstResponseSeconds: try row.decode(Double?.self, "mean_s"),
                medianFirstResponseSeconds: try row.decode(Double?.self, "median_s"),
                p90FirstResponseSeconds: try row.decode(Double?.self, "p90_s"),
                p95FirstResponseSeconds: try row.decode(Double?.self, "p95_s"),
                medianBusinessResponseSeconds: try row.decode(Double?.self, "median_business_s"),
                answeredInClosedHours: try row.decode(Int.self, "closed_hours"),
                withinTarget: withinTarget, judged: judged,
                withinTargetRate: Formatting.ratio(withinTarget, of: judged),
                breached: judged - withinTarget,
                open: try row.decode(Int.self, "open"),
                atRisk: atRisk[index].filter { isTotal || ($0.service == service && (channel == nil || $0.channel == channel)) }.count,
                oldestOpenAgeSeconds: try row.decode(Double?.self, "oldest_open_s"),
                urgent: try row.decode(Int.self, "urgent")
            ))
        }
        return byPeriod
    }
}

/// An item at risk at its period's `asOf`: what the counts need, and its key and order for a list.
struct AtRiskItem {
    var service: String
    var channel: String
    var openedAt: Date
    var itemID: UUID
    var dueAt: Date
    var urgent: Bool

    /// Urgent first, then soonest due (then oldest, then by id: a list never reorders).
    static func listOrder(_ a: AtRiskItem, _ b: AtRiskItem) -> Bool {
        (a.urgent ? 0 : 1, a.dueAt, a.openedAt, a.itemID.byteOrder.0, a.itemID.byteOrder.1)
            < (b.urgent ? 0 : 1, b.dueAt, b.openedAt, b.itemID.byteOrder.0, b.itemID.byteOrder.1)
    }

    /// The at-risk items of each period. Only items open and not yet due can be at risk, and
    /// every column the judgement needs is in the `(org, opened_at)` index, so this reads no
    /// table pages; the judgement itself runs on the service's calendar here, not in SQL.
    static func load(_ filter: ResponseFilter, periods: [ReportPeriod], config: PipelineConfig, on connection: Connection) throws -> [[AtRiskItem]] {
        let rows = try connection.query("""
            SELECT p.n, service, channel, opened_at, due_at, sla_business_clock, item_id, priority = 'urgent'
            FROM unnest(\(periods.map(\.start.postgresText))::timestamptz[], \(periods.map(\.end.postgresText))::timestamptz[],
                        \(periods.map(\.asOf.postgresText))::timestamptz[]) WITH ORDINALITY AS p(start_at, end_at, as_of, n)
            JOIN projections.response_items i
              ON i.org = \(filter.org) AND i.opened_at >= p.start_at AND i.opened_at < p.end_at AND i.opened_at <= p.as_of
            WHERE (\(filter.service)::text IS NULL OR service = \(filter.service))
              AND (\(filter.channel)::text IS NULL OR channel = \(filter.channel))
              AND (responded_at IS NULL OR responded_at > p.as_of) AND due_at >= p.as_of
            """)
        var byPeriod = Array(repeating: [AtRiskItem](), count: periods.count)
        for row in rows {
            let index = try row.decode(Int.self, 0) - 1
            let service = try row.decode(String.self, 1)
            let openedAt = try row.decode(Date.self, 3)
            let clock = config.slaClock(service: service, businessClock: try row.decode(Bool?.self, 5), openedAt: openedAt)
            let dueAt = try row.decode(Date.self, 4)
            let status = SLAStatus.evaluate(openedAt: openedAt, dueAt: dueAt, respondedAt: nil, asOf: periods[index].asOf, clock: clock)
            if status == .atRisk {
                byPeriod[index].append(AtRiskItem(service: service, channel: try row.decode(String.self, 2), openedAt: openedAt,
                                                  itemID: try row.decode(UUID.self, 6), dueAt: dueAt, urgent: try row.decode(Bool.self, 7)))
            }
        }
        return byPeriod
    }
}
