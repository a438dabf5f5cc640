import Foundation

extension ReachReport {
    public func json() throws -> String {
        try reportJSON(self)
    }

    public func text() -> String {
        var out = [header.text(scope: service.map { "service \($0)" }), ""]
        out.append(summary.note)
        if let total = summary.total, !rows.isEmpty {
            out.append("")
            out.append(ReachText.figuresTable(rows + summary.services + [total], service: service))
        } else if summary.total != nil {
            out.append("No reach or engagement figures in this period.")
        }
        out.append("")
        out.append(ReachText.leagueTable(leagueTable, service: service))
        return out.joined(separator: "\n")
    }
}
