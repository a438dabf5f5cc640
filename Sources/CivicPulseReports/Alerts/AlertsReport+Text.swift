import Foundation

extension AlertsReport {
    public func json() throws -> String {
        try reportJSON(self)
    }

    public func text(limit: Int = 20) -> String {
        let zone = TimeZone(identifier: timeZone) ?? .gmt
        let verdict = needsAction ? "ACT (exit status \(Self.actExitStatus))" : "all quiet"
        var out = ["\(TerminalText.safe(orgName)) — alerts as of \(ReportTime.label(asOf, in: zone)) (\(timeZone)): \(verdict)"]
        switch (dataUntil, dataStopped) {
        case (nil, _) where unprocessedEvents > 0: out.append("No messages processed yet: run `civicpulse process`.")
        case (nil, _): out.append("Nothing ingested yet: `civicpulse ingest FILE` or `civicpulse fetch` takes the council's messages in, then `civicpulse process`.")
        case let (until?, false): out.append("Messages processed up to \(ReportTime.label(until, in: zone)).")
        case let (until?, true):
            let window = ReportTime.describe(asOf.timeIntervalSince(dataExpectedSince))
            out.append("No data has arrived since \(ReportTime.label(until, in: zone)), none in the \(window) before: the feeds or `civicpulse process` may be down.")
        }
        out += ReportHeader.notes(noData)
        if let waiting = UnprocessedEvents.note(unprocessedEvents) { out.append("Warning: " + waiting) }

        out.append("")
        if dataStopped {
            out.append("Spikes now: unknown, for want of data")
            if !spikesWhenDataStopped.isEmpty {
                out.append("Spikes open when the data stopped (whether they go on is unknown): \(spikesWhenDataStopped.count)")
                out.append(spikeTable(spikesWhenDataStopped, countHeader: "Last hour", zone: zone))
            }
        } else if spikes.isEmpty {
            out.append("Spikes now: none")
        } else {
            out.append("Spikes now: \(spikes.count)")
            out.append(spikeTable(spikes, countHeader: "This hour", zone: zone))
        }
        out += section("Urgent items unanswered (opened since \(ReportTime.label(urgentSince, in: zone)))", urgentOpen, limit: limit, zone: zone)
        out += section("SLA deadlines missed since \(ReportTime.label(breachesSince, in: zone))", breaches, limit: limit, zone: zone)
        return out.joined(separator: "\n")
    }

    /// - Parameter countHeader: what the spikes' `currentHourCount` is the count of.
    private func spikeTable(_ spikes: [ListedSpike], countHeader: String, zone: TimeZone) -> String {
        var table = TextTable(headers: ["Series", "Since", "First hour", "Usual", "Score", "Peak", countHeader, "Id"], leftAligned: [0, 1, 7])
        for spike in spikes {
            table.add([
                spike.series, ReportTime.label(spike.startedAt, in: zone), "\(spike.startCount)",
                String(format: "%.1f", spike.baseline), String(format: "%.1f", spike.score),
                "\(spike.peakCount)", spike.currentHourCount.map(String.init) ?? "–", spike.shortID,
            ])
        }
        return table.render()
    }

    private func section(_ title: String, _ items: [ListedItem], limit: Int, zone: TimeZone) -> [String] {
        guard !items.isEmpty else { return ["", "\(title): none"] }
        var table = TextTable(headers: ["Opened", "Due", "Service", "Channel", "Priority", "Status", "Link"], leftAligned: Set(0...6))
        for item in items.prefix(limit) {
            table.add([
                ReportTime.label(item.openedAt, in: zone), item.dueAt.map { ReportTime.label($0, in: zone) } ?? "–",
                item.service, item.channel, item.priority, item.status ?? "", item.url ?? item.sourceID ?? "",
            ])
        }
        let more = items.count > limit ? ["… and \(items.count - limit) more (use --format json for all)"] : []
        return ["", "\(title): \(items.count)", table.render()] + more
    }
}
