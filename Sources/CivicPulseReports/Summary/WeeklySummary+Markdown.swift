import Foundation

extension WeeklySummary {
    /// GitHub-flavoured Markdown: pastes into a wiki, or an e-mail client that reads Markdown.
    public func markdown() -> String {
        var out = ["# \(Markdown.escape(header.orgName)) — weekly summary", "", "**\(weekTitle)**  ", Markdown.escape(asOfLine)]
        out += header.dataNotes.flatMap { ["", "**\(Markdown.escapeKeepingCode($0))**"] }
        for section in sections {
            out += ["", "## \(section.title)"]
            for block in section.blocks {
                out.append("")
                switch block {
                case .paragraph(let text):
                    out.append(Markdown.escape(text))
                case .table(let headers, let rows, let left):
                    out.append("| " + headers.map(Markdown.escape).joined(separator: " | ") + " |")
                    out.append("|" + headers.indices.map { left.contains($0) ? ":---|" : "---:|" }.joined())
                    out += rows.map { "| " + $0.map(Markdown.escape).joined(separator: " | ") + " |" }
                case .items(let items):
                    out += items.map { "- " + Markdown.escape($0.text) + (WebLink($0.link).map { " — <\($0)>" } ?? "") }
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
