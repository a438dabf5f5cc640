import CivicPulseCore
import Foundation
import Postgres

/// What performance teams look at: the figures, the breaches urgent first, then oldest, the backlog by age,
/// and the items to pick up now before they breach.
public struct SLAReport: Codable, Sendable, Equatable {
    public var header: ReportHeader
    public var service: String?
    public var channel: String?
    public var stats: ResponseStats
    /// Late answers and items still open past their deadline, urgent first, then oldest first:
    /// all of them, or the first `listLimit` when the report was loaded with one.
    public var breaches: [ListedItem]
    public var backlog: [AgeBand]
    /// Open, within target, with at least 80% of the target used; urgent first, then soonest
    /// due (then oldest): all of them, or the first `listLimit`.
    public var atRisk: [ListedItem]

    enum CodingKeys: String, CodingKey {
        case header, service, channel, stats, breaches, backlog
        case atRisk = "at_risk"
    }

    /// How many breaches there are in all, listed or not.
    public var breachCount: Int { stats.breached }
    /// How many items are at risk in all, listed or not.
    public var atRiskCount: Int { stats.atRisk }

    public struct AgeBand: Codable, Sendable, Equatable {
        public var band: String
        public var open: Int
    }

    /// Upper bounds of the backlog's age bands, in hours (the last band is open-ended).
    static let bands: [(label: String, hours: Double)] = [("< 1 hour", 1), ("1–4 hours", 4), ("4–24 hours", 24), ("1–3 days", 72), ("3–7 days", 168), ("> 7 days", .infinity)]

    /// The report, listing every breach and item at risk, or only the first `listLimit` of each.
    ///
    /// A week of a large council holds thousands of breaches: the text report shows fifteen, and
    /// reading all of them to show fifteen was most of its time (117 of 150 ms of the server's
    /// time on 300k events). The counts (in `stats`), the backlog and the order are the same
    /// either way.
    public static func load(_ filter: ResponseFilter, config: PipelineConfig, listLimit: Int? = nil,
                            on connection: Connection) throws -> SLAReport {
        let asOf = filter.period.asOf
        // Which items are at risk is judged once, from the index's columns, for the count and
        // the list; only the listed ones are read from the table.
        let atRisk = try AtRiskItem.load(filter, periods: [filter.period], config: config, on: connection)
        let stats = try ResponseStats.load(filter, periods: [filter.period], grouping: .totalOnly, atRisk: atRisk,
                                           config: config, on: connection)[0].first ?? .empty
        let open = try ListedItem.openByAge(filter, hours: bands.dropLast().map(\.hours), on: connection)
        let breaches = try ListedItem.load(filter, condition: .breached, limit: listLimit, on: connection).items
        let listed = atRisk[0].sorted(by: AtRiskItem.listOrder).prefix(listLimit ?? Int.max).map { ($0.openedAt, $0.itemID) }
        return SLAReport(
            header: try ReportHeader.load(report: "response SLAs", filter: filter, config: config, on: connection),
            service: filter.service, channel: filter.channel, stats: stats,
            breaches: breaches.map { $0.judged(config: config, asOf: asOf) },
            backlog: zip(bands, open).map { AgeBand(band: $0.label, open: $1) },
            atRisk: try ListedItem.load(org: filter.org, keys: listed, asOf: asOf, on: connection).map { $0.judged(config: config, asOf: asOf) }
        )
    }

    public func json() throws -> String {
        try reportJSON(self)
    }

    public func text(limit: Int = 15) -> String {
        let zone = TimeZone(identifier: header.timeZone) ?? .gmt
        let scope = [service.map { "service \($0)" }, channel.map { "channel \($0)" }].compactMap { $0 }.joined(separator: ", ")
        var out = [header.text(scope: scope.isEmpty ? nil : scope), ""]
        guard stats.inbound > 0 else {
            return (out + ["No messages from residents in this period."]).joined(separator: "\n")
        }
        out.append("Items \(Formatting.count(stats.inbound)), answered \(Formatting.count(stats.answered)) (\(Formatting.percent(stats.answered, of: stats.inbound))), urgent \(Formatting.count(stats.urgent))")
        out.append("First response (wall clock): mean \(Formatting.duration(stats.meanFirstResponseSeconds)), median \(Formatting.duration(stats.medianFirstResponseSeconds)), p90 \(Formatting.duration(stats.p90FirstResponseSeconds)), p95 \(Formatting.duration(stats.p95FirstResponseSeconds)) (exact)")
        out.append("First response (business hours): median \(Formatting.duration(stats.medianBusinessResponseSeconds))"
            + (stats.answeredInClosedHours == 0 ? "" : "; \(Formatting.count(stats.answeredInClosedHours)) of \(Formatting.count(stats.answered)) answers "
                + "came while the service was closed, taking no business time"))
        out.append("Within target: \(Formatting.count(stats.withinTarget)) of \(Formatting.count(stats.judged)) decided (\(Formatting.percent(stats.withinTarget, of: stats.judged))); "
            + "breached \(Formatting.count(stats.breached)); open \(Formatting.count(stats.open)); at risk \(Formatting.count(stats.atRisk))")
        out.append("")
        out.append("Open backlog by age: " + backlog.map { "\($0.band) \(Formatting.count($0.open))" }.joined(separator: ", "))
        out += section("At risk now, urgent first (pick these up first)", atRisk, of: atRiskCount, limit: limit, zone: zone)
        out += section("Breaches, urgent first, then oldest", breaches, of: breachCount, limit: limit, zone: zone)
        return out.joined(separator: "\n")
    }

    private func section(_ title: String, _ items: [ListedItem], of count: Int, limit: Int, zone: TimeZone) -> [String] {
        guard count > 0 else { return ["", "\(title): none"] }
        let shown = min(limit, items.count)
        let more = count > shown ? ["… and \(Formatting.count(count - shown)) more (use --format json for all)"] : []
        guard shown > 0 else { return ["", "\(title): \(Formatting.count(count))"] + more }
        var table = TextTable(headers: ["Opened", "Due", "Answered", "Service", "Channel", "Priority", "Status", "Link"], leftAligned: Set(0...7))
        for item in items.prefix(limit) {
            table.add([
                Formatting.local(item.openedAt, in: zone), item.dueAt.map { Formatting.local($0, in: zone) } ?? "–",
                item.respondedAt.map { Formatting.local($0, in: zone) } ?? "open", item.service, item.channel,
                item.priority, item.status ?? "", item.url ?? item.sourceID,
            ])
        }
        return ["", "\(title): \(Formatting.count(count))", table.render()] + more
    }
}
