import Foundation

extension IncidentReport {
    public func json() throws -> String {
        try reportJSON(self)
    }

    public func text(limit: Int = 20) -> String {
        let zone = TimeZone(identifier: timeZone) ?? .gmt
        let label = { (date: Date) in ReportTime.label(date, in: zone) }
        var out = ["\(TerminalText.safe(orgName)) — incident report, \(label(from)) to \(label(to)) (\(timeZone)), as of \(label(asOf))"]
        if endsAtData, let dataUntil {
            out.append("The timeline ends at \(label(to)): no messages have been processed after \(label(dataUntil)).")
        }
        out += ReportHeader.notes(noData)
        let open = endsAtData ? "open when the data stopped" : "still under way"
        if let spike {
            let until = spike.endedAt.map { "back to normal from \(label($0))" } ?? open
            out.append("Spike \(spike.shortID): \(TerminalText.safe(spike.series)) from \(label(spike.startedAt)), \(until); first hour \(spike.startCount) against a usual \(String(format: "%.1f", spike.baseline)) (score \(String(format: "%.1f", spike.score))), peak \(spike.peakCount) at \(label(spike.peakAt))")
        }
        let weeks = normalWeeks.map { label($0) }
        out.append(weeks.isEmpty
            ? "Normal weeks compared: none (less than a week of history, or every earlier week had its own surge or a gap in the data)"
            : "Normal weeks compared: the same hours from \(weeks.joined(separator: ", "))")

        let inbound = timeline.reduce(0) { $0 + $1.inbound }
        let usual = timeline.compactMap(\.usualInbound).reduce(0, +)
        out.append("")
        let per = sparklineHours == 1 ? "per hour" : "per \(sparklineHours) hours"
        out.append("Inbound \(per)   \(inboundSparkline)  \(inbound) in all" + (normalWeeks.isEmpty ? "" : String(format: ", usually %.0f", usual)))
        out.append("Mentions \(per)  \(mentionsSparkline)  \(timeline.reduce(0) { $0 + $1.mentions }) in all")

        var hours = TextTable(headers: ["Hour", "Inbound", "Usual", "Mentions", "In spike"], leftAligned: [0, 4])
        for hour in timeline {
            hours.add([label(hour.hour), "\(hour.inbound)", hour.usualInbound.map { String(format: "%.1f", $0) } ?? "–",
                       "\(hour.mentions)", hour.inSpike.joined(separator: ", ")])
        }
        out += ["", hours.render()]

        if !spikes.isEmpty {
            var table = TextTable(headers: ["Spike", "Series", "From", "Back to normal", "First hour", "Usual", "Peak"], leftAligned: [0, 1, 2, 3])
            for spike in spikes {
                table.add([spike.shortID, spike.series, label(spike.startedAt), spike.endedAt.map(label) ?? open,
                           "\(spike.startCount)", String(format: "%.1f", spike.baseline), "\(spike.peakCount)"])
            }
            out += ["", "Spikes in this period: \(spikes.count)", table.render()]
        }
        out += volumes("Topics", topics)
        out += volumes("Services", services)

        var responses = TextTable(headers: ["", "During", "Normal weeks"])
        for (name, during, normal) in [
            ("Items", "\(self.responses.during.items)", "\(self.responses.normal.items)"),
            ("Answered", Formatting.percent(self.responses.during.answered, of: self.responses.during.items),
             Formatting.percent(self.responses.normal.answered, of: self.responses.normal.items)),
            ("Urgent", "\(self.responses.during.urgent)", "\(self.responses.normal.urgent)"),
            ("Median first response", Formatting.duration(self.responses.during.medianFirstResponseSeconds),
             Formatting.duration(self.responses.normal.medianFirstResponseSeconds)),
            ("p90 first response", Formatting.duration(self.responses.during.p90FirstResponseSeconds),
             Formatting.duration(self.responses.normal.p90FirstResponseSeconds)),
            ("Within target", Formatting.percent(self.responses.during.withinTarget, of: self.responses.during.judged),
             Formatting.percent(self.responses.normal.withinTarget, of: self.responses.normal.judged)),
        ] {
            responses.add([name, during, normal])
        }
        out += ["", "Responses to items opened in these hours (normal weeks pooled):", responses.render()]

        guard !unansweredUrgent.isEmpty else { return (out + ["", "Unanswered urgent items: none"]).joined(separator: "\n") }
        var items = TextTable(headers: ["Opened", "Due", "Service", "Channel", "Status", "Link"], leftAligned: Set(0...5))
        for item in unansweredUrgent.prefix(limit) {
            items.add([label(item.openedAt), item.dueAt.map(label) ?? "–", item.service, item.channel, item.status ?? "", item.url ?? item.sourceID ?? ""])
        }
        out += ["", "Unanswered urgent items: \(unansweredUrgent.count)", items.render()]
        if unansweredUrgent.count > limit { out.append("… and \(unansweredUrgent.count - limit) more (use --format json for all)") }
        return out.joined(separator: "\n")
    }

    private func volumes(_ title: String, _ rows: [SeriesVolume]) -> [String] {
        guard !rows.isEmpty else { return ["", "\(title): none"] }
        var table = TextTable(headers: [String(title.dropLast()), "Messages", "Usual", "× usual"])
        for row in rows {
            table.add([row.value, "\(row.messages)", row.usual.map { String(format: "%.1f", $0) } ?? "–",
                       row.timesUsual.map { String(format: "%.1f×", $0) } ?? (row.usual == 0 ? "new" : "–")])
        }
        return ["", "\(title), busiest first:", table.render()]
    }
}
