import Foundation

extension ReachReport {
    public func json() throws -> String {
        try reportJSON(self)
    }

    public func text() -> String {
        var out = [header.text(scope: service.map { "service \($0)" }), ""]
        out.append(summary.note)
        if rows.isEmpty {
            out.append("No reach or engagement figures in this period.")
        } else {
            out.append("")
            out.append(ReachText.figuresTable(rows + summary.services + [summary.total]))
        }
        out.append("")
        out.append(ReachText.leagueTable(leagueTable))
        return out.joined(separator: "\n")
    }
}
