import Foundation

extension Dashboard {
    public func json() throws -> String {
        try reportJSON(self)
    }

    public func text() -> String {
        let league = "\n\n" + reach.note + "\n" + ReachText.leagueTable(leagueTable)
        // Not recorded: the header says why, and there is no figure to show.
        guard let total else { return header.text() + league }
        var table = TextTable(
            headers: ["Service", "Channel", "Inbound", "Answered", "Rate", "Median", "p90", "In SLA", "Unanswered", "At risk", "Oldest unanswered"],
            leftAligned: [0, 1]
        )
        for row in rows + [total] {
            table.add([
                row.service ?? "All services", row.channel ?? (row.service == nil ? "" : "–"),
                Formatting.count(row.inbound), Formatting.count(row.answered), Formatting.percent(row.answered, of: row.inbound),
                Formatting.duration(row.medianFirstResponseSeconds), Formatting.duration(row.p90FirstResponseSeconds),
                Formatting.percent(row.withinTarget, of: row.judged), Formatting.count(row.open), Formatting.count(row.atRisk),
                Formatting.duration(row.oldestOpenAgeSeconds),
            ])
        }
        guard total.inbound > 0 else {
            return header.text() + "\n\nNo messages from residents in this period." + league
        }
        // A blank line before the resolution table, as sla has: the section opens with an empty line.
        let resolutionLines = ResolutionFigures.section(resolution ?? [], quietPeriod: quietPeriodSeconds, totalRow: ("All services", ""))
        return header.text() + "\n\n" + table.render()
            + "\n\nMedian and p90: wall-clock time to the first answer. In SLA: answered within target, of items whose outcome is known. "
            + "Unanswered: no answer yet."
            + (resolutionLines.isEmpty ? "" : "\n" + resolutionLines.joined(separator: "\n"))
            + league
    }
}
