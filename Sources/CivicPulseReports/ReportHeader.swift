import CivicPulseCore
import Foundation
import Postgres

/// What every report states about itself: whose figures, which period, and which rules.
public struct ReportHeader: Codable, Sendable, Equatable {
    public var report: String
    public var org: String
    public var orgName: String
    public var from: String
    public var to: String
    public var timeZone: String
    public var asOf: Date
    /// The calendar and SLA policy versions the items in the period were judged by.
    public var calendarVersions: [String]
    public var policyVersions: [String]

    enum CodingKeys: String, CodingKey {
        case report, org, from, to
        case orgName = "org_name"
        case timeZone = "time_zone"
        case asOf = "as_of"
        case calendarVersions = "calendar_versions"
        case policyVersions = "policy_versions"
    }

    static func load(report: String, filter: ResponseFilter, config: PipelineConfig, on connection: Connection) throws -> ReportHeader {
        // The pairs in use are a handful among a week's thousands of items: grouped by hashing
        // in one pass, where `array_agg(DISTINCT …)` sorted every item's versions twice.
        let pairs = try connection.query("""
            SELECT calendar_version, policy_version
            FROM projections.response_items
            WHERE org = \(filter.org) AND opened_at >= \(filter.period.start) AND opened_at < \(filter.period.end)
            GROUP BY 1, 2
            """).map { (calendar: try $0.decode(String?.self, 0), policy: try $0.decode(String?.self, 1)) }
        return ReportHeader(
            report: report, org: config.org, orgName: config.name,
            from: filter.period.from.description, to: filter.period.to.description,
            timeZone: filter.period.timeZone.identifier, asOf: filter.period.asOf,
            calendarVersions: Set(pairs.compactMap(\.calendar)).sorted(),
            policyVersions: Set(pairs.compactMap(\.policy)).sorted()
        )
    }

    /// The header as the first lines of a text report.
    var text: String {
        var lines = ["\(orgName) — \(report), \(from) to \(to) (\(timeZone)), as of \(Formatting.local(asOf, in: TimeZone(identifier: timeZone) ?? .gmt))"]
        if !calendarVersions.isEmpty || !policyVersions.isEmpty {
            lines.append("Rules: \((calendarVersions + policyVersions).joined(separator: "; "))")
        }
        return lines.joined(separator: "\n")
    }
}
