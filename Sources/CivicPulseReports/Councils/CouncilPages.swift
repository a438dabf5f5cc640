import Foundation

/// One report per council of a database holding several, one after the other, with no league
/// table (`report foi --org all`): each council's report is exactly its own (`--org ID`).
public struct CouncilPages<Report: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var councils: [CouncilReports<Report>.Council]

    public init(councils: [(org: String, report: Report)]) {
        self.councils = councils.map { CouncilReports<Report>.Council(org: $0.org, report: $0.report) }
    }

    public func json() throws -> String {
        try reportJSON(self)
    }

    /// Each council's report as `text` writes it, under a rule naming the council.
    public func text(_ text: (Report) throws -> String) rethrows -> String {
        try councils.map { Self.rule(naming: $0.org) + (try text($0.report)) }.joined(separator: "\n\n")
    }

    /// The rule that opens a council's block, with the blank line after it.
    static func rule(naming org: String) -> String {
        let title = "━━ \(org) "
        return title + String(repeating: "━", count: max(3, 80 - title.count)) + "\n\n"
    }
}
