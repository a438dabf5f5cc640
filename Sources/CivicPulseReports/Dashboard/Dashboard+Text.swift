import Foundation

extension Dashboard {
    public func json() throws -> String {
        try reportJSON(self)
    }

    public func text() -> String {
        var table = TextTable(
            headers: ["Service", "Channel", "Inbound", "Answered", "Rate", "Median", "p90", "In SLA", "Open", "At risk", "Oldest open"],
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
        let league = "\n\n" + reach.note + "\n" + ReachText.leagueTable(leagueTable)
        guard total.inbound > 0 else {
            return header.text() + (header.beforeData ? "" : "\n\nNo messages from residents in this period.") + league
        }
        return header.text() + "\n\n" + table.render()
            + "\n\nMedian and p90: wall-clock time to the first answer. In SLA: answered within target, of items whose outcome is known."
            + league
    }
}
