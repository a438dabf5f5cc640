extension ResolutionFigures {
    /// The resolution table of `sla` and `dashboard`: one line per service and channel, then
    /// all, under a line saying what "resolved" means and which setting says how long the quiet is.
    /// `totalRow` names the all-items row as the report's own table above names it, so one page
    /// does not say "All services" in one table and "all" in the next.
    static func section(_ figures: [ResolutionFigures], quietPeriod seconds: Double,
                        totalRow: (service: String, channel: String) = ("all", "all")) -> [String] {
        guard let total = figures.last, total.items > 0 else { return [] }
        var table = TextTable(headers: ["Service", "Channel", "Items", "Resolved", "Mean", "Median", "Business mean", "Business median",
                                        "First contact", "Unresolved"], leftAligned: [0, 1])
        for row in figures {
            table.add([
                row.service ?? totalRow.service, row.channel ?? (row.service == nil ? totalRow.channel : "all"), Formatting.count(row.items), Formatting.count(row.resolved),
                Formatting.duration(row.meanResolutionSeconds), Formatting.duration(row.medianResolutionSeconds),
                Formatting.duration(row.meanResolutionBusinessSeconds), Formatting.duration(row.medianResolutionBusinessSeconds),
                "\(Formatting.count(row.resolvedAtFirstContact)) (\(Formatting.percent(row.resolvedAtFirstContact, of: row.resolved)))",
                Formatting.count(row.stillOpen),
            ])
        }
        return ["", "Resolution (resolved: no word from the resident within \(quietPeriod(seconds)) of the council's last reply, "
                    + "sla.resolution_quiet_period):", table.render()]
    }
}
