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
    /// Late answers and items still open past their deadline, urgent first, then oldest first.
    public var breaches: [ListedItem]
    public var backlog: [AgeBand]
    /// Open, within target, with at least 80% of the target used; urgent first, then soonest due.
    public var atRisk: [ListedItem]

    public struct AgeBand: Codable, Sendable, Equatable {
        public var band: String
        public var open: Int
    }

    /// Upper bounds of the backlog's age bands, in hours (the last band is open-ended).
    static let bands: [(label: String, hours: Double)] = [("< 1 hour", 1), ("1–4 hours", 4), ("4–24 hours", 24), ("1–3 days", 72), ("3–7 days", 168), ("> 7 days", .infinity)]

    public static func load(_ filter: ResponseFilter, config: PipelineConfig, on connection: Connection) throws -> SLAReport {
        let asOf = filter.period.asOf
        let stats = try ResponseStats.load(filter, grouping: .totalOnly, config: config, on: connection).first ?? .empty
        let open = try OpenItem.load(filter, on: connection).map { $0.judged(config: config, asOf: asOf) }
        let backlog = bands.enumerated().map { index, band in
            let lower = index == 0 ? 0 : bands[index - 1].hours
            return AgeBand(band: band.label, open: open.filter {
                let hours = asOf.timeIntervalSince($0.openedAt) / 3600
                return hours >= lower && hours < band.hours
            }.count)
        }
        return SLAReport(
            header: try ReportHeader.load(report: "response SLAs", filter: filter, config: config, on: connection),
            service: filter.service, channel: filter.channel, stats: stats,
            breaches: try breaches(filter, config: config, on: connection),
            backlog: backlog,
            atRisk: open.filter { $0.status == SLAStatus.atRisk.rawValue }.sorted {
                ($0.priority == Priority.urgent.rawValue ? 0 : 1, $0.dueAt ?? .distantFuture) < ($1.priority == Priority.urgent.rawValue ? 0 : 1, $1.dueAt ?? .distantFuture)
            }
        )
    }

    /// Late answers and items still open past their deadline, each with its status.
    static func breaches(_ filter: ResponseFilter, config: PipelineConfig, on connection: Connection) throws -> [ListedItem] {
        try ListedItem.load(filter, condition: .breached, on: connection).items.map { $0.judged(config: config, asOf: filter.period.asOf) }
    }

    public func json() throws -> String {
        try reportJSON(self)
    }

    public func text(limit: Int = 15) -> String {
        let zone = TimeZone(identifier: header.timeZone) ?? .gmt
        let scope = [service.map { "service \($0)" }, channel.map { "channel \($0)" }].compactMap { $0 }.joined(separator: ", ")
        var out = [header.text + (scope.isEmpty ? "" : " — \(scope)"), ""]
        guard stats.inbound > 0 else {
            return (out + ["No messages from residents in this period."]).joined(separator: "\n")
        }
        out.append("Items \(stats.inbound), answered \(stats.answered) (\(Formatting.percent(stats.answered, of: stats.inbound))), urgent \(stats.urgent)")
        out.append("First response (wall clock): mean \(Formatting.duration(stats.meanFirstResponseSeconds)), median \(Formatting.duration(stats.medianFirstResponseSeconds)), p90 \(Formatting.duration(stats.p90FirstResponseSeconds)), p95 \(Formatting.duration(stats.p95FirstResponseSeconds)) (exact)")
        out.append("First response (business hours): median \(Formatting.duration(stats.medianBusinessResponseSeconds))")
        out.append("Within target: \(stats.withinTarget) of \(stats.judged) decided (\(Formatting.percent(stats.withinTarget, of: stats.judged))); breached \(stats.breached); open \(stats.open); at risk \(stats.atRisk)")
        out.append("")
        out.append("Open backlog by age: " + backlog.map { "\($0.band) \($0.open)" }.joined(separator: ", "))
        out += section("At risk now, urgent first (pick these up first)", atRisk, limit: limit, zone: zone)
        out += section("Breaches, urgent first, then oldest", breaches, limit: limit, zone: zone)
        return out.joined(separator: "\n")
    }

    private func section(_ title: String, _ items: [ListedItem], limit: Int, zone: TimeZone) -> [String] {
        guard !items.isEmpty else { return ["", "\(title): none"] }
        var table = TextTable(headers: ["Opened", "Due", "Answered", "Service", "Channel", "Priority", "Status", "Link"], leftAligned: Set(0...7))
        for item in items.prefix(limit) {
            table.add([
                Formatting.local(item.openedAt, in: zone), item.dueAt.map { Formatting.local($0, in: zone) } ?? "–",
                item.respondedAt.map { Formatting.local($0, in: zone) } ?? "open", item.service, item.channel,
                item.priority, item.status ?? "", item.url ?? item.sourceID,
            ])
        }
        let more = items.count > limit ? ["… and \(items.count - limit) more (use --format json for all)"] : []
        return ["", "\(title): \(items.count)", table.render()] + more
    }
}
