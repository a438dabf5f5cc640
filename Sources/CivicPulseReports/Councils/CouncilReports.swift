import Foundation

/// One report per council of a database holding several (`--org all`), side by side, and the
/// league table across them. Each council's report is exactly its own (`--org ID`), so the
/// blocks of the text and the members of `councils` read as the single reports do.
public struct CouncilReports<Report: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var councils: [Council]
    public var leagueTable: CouncilLeague

    public struct Council: Codable, Sendable, Equatable {
        public var org: String
        public var report: Report
    }

    enum CodingKeys: String, CodingKey {
        case councils
        case leagueTable = "league_table"
    }

    public init(councils: [(org: String, report: Report)], leagueTable: CouncilLeague) {
        self.councils = councils.map { Council(org: $0.org, report: $0.report) }
        self.leagueTable = leagueTable
    }

    public func json() throws -> String {
        try reportJSON(self)
    }

    /// Each council's report as `text` writes it, under a rule naming the council, then the league table.
    public func text(_ text: (Report) throws -> String) rethrows -> String {
        let pages = CouncilPages(councils: councils.map { ($0.org, $0.report) })
        return [try pages.text(text), leagueTable.text()].joined(separator: "\n\n")
    }
}
