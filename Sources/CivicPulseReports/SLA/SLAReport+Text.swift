import CivicPulseCore
import CivicPulseReadModel
import Foundation

extension SLAReport {
    public func json() throws -> String {
        try reportJSON(self)
    }

    public func text(limit: Int = 15) -> String {
        let zone = TimeZone(identifier: header.timeZone) ?? .gmt
        let scope = [service.map { "service \($0)" }, channel.map { "channel \($0)" }].compactMap { $0 }.joined(separator: ", ")
        var out = [header.text(scope: scope.isEmpty ? nil : scope), ""]
        // Not recorded: the header says why, and there is no figure to show.
        guard let stats else { return out.dropLast().joined(separator: "\n") }
        guard stats.inbound > 0 else { return (out + ["No messages from residents in this period."]).joined(separator: "\n") }
        out.append("Items \(Formatting.count(stats.inbound)), answered \(Formatting.count(stats.answered)) (\(Formatting.percent(stats.answered, of: stats.inbound))), urgent \(Formatting.count(stats.urgent))")
        out.append("First response (wall clock): mean \(Formatting.duration(stats.meanFirstResponseSeconds)), median \(Formatting.duration(stats.medianFirstResponseSeconds)), p90 \(Formatting.duration(stats.p90FirstResponseSeconds)), p95 \(Formatting.duration(stats.p95FirstResponseSeconds)) (exact)")
        out.append("First response (business hours): median \(Formatting.duration(stats.medianBusinessResponseSeconds))"
            + (stats.answeredInClosedHours == 0 ? "" : "; \(Formatting.count(stats.answeredInClosedHours)) of \(Formatting.count(stats.answered)) answers "
                + "came while the service was closed, " + closedHoursRule))
        out.append("Within target: \(Formatting.count(stats.withinTarget)) of \(Formatting.count(stats.judged)) decided (\(Formatting.percent(stats.withinTarget, of: stats.judged))); "
            + "breached \(Formatting.count(stats.breached)); open \(Formatting.count(stats.open)); at risk \(Formatting.count(stats.atRisk))")
        out += replySection(replies ?? [])
        out += ResolutionFigures.section(resolution ?? [], quietPeriod: quietPeriodSeconds)
        out.append("")
        out.append("Open backlog by age: " + backlog.map { "\($0.band) \(Formatting.count($0.open))" }.joined(separator: ", "))
        out += section("At risk now, urgent first (pick these up first)", atRisk, of: atRiskCount, limit: limit, zone: zone)
        out += section("Breaches, urgent first, then oldest", breaches, of: breachCount, limit: limit, zone: zone)
        return out.joined(separator: "\n")
    }

    /// How the answers given while the service was closed count, naming the setting that says so.
    private var closedHoursRule: String {
        switch outOfHoursAnswer {
        case .zero: "taking no business time (sla.out_of_hours_answer: zero)"
        case .elapsed: "counting their elapsed time (sla.out_of_hours_answer: elapsed)"
        }
    }

    /// Every reply's time beside first response: one line per service and channel, then all.
    private func replySection(_ figures: [ReplyFigures]) -> [String] {
        guard let total = figures.last, total.replies > 0 else { return ["", "Every reply: none answered yet"] }
        var table = TextTable(headers: ["Service", "Channel", "Replies", "Mean", "Median", "p90", "Business mean", "Business median", "Business p90"],
                              leftAligned: [0, 1])
        for row in figures {
            table.add([
                row.service ?? "all", row.channel ?? "all", Formatting.count(row.replies),
                Formatting.duration(row.meanReplySeconds), Formatting.duration(row.medianReplySeconds), Formatting.duration(row.p90ReplySeconds),
                Formatting.duration(row.meanBusinessReplySeconds), Formatting.duration(row.medianBusinessReplySeconds),
                Formatting.duration(row.p90BusinessReplySeconds),
            ])
        }
        return ["", "Every reply (each answered message, timed from itself; the first of an item is its first response):", table.render()]
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
                item.priority, item.status ?? "", item.url ?? item.sourceID ?? "",
            ])
        }
        return ["", "\(title): \(Formatting.count(count))", table.render()] + more
    }
}
