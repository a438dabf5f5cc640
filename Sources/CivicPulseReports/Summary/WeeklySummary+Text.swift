import Foundation

extension WeeklySummary {
    /// Lines of the text form never exceed this, so it reads in a terminal and a plain e-mail.
    public static let textWidth = 80

    /// Plain text for a terminal or the text part of the e-mail.
    public func text() -> String {
        var lines = ["\(TerminalText.safe(header.orgName)) — weekly summary", weekTitle]
        lines += ([asOfLine] + header.dataNotes).flatMap { TextWrap.wrap($0, width: Self.textWidth) }
        for section in sections {
            lines += ["", section.title.uppercased(), String(repeating: "─", count: section.title.count)]
            for (index, block) in section.blocks.enumerated() {
                if index > 0 { lines.append("") }
                switch block {
                case .paragraph(let text):
                    lines += TextWrap.wrap(text, width: Self.textWidth)
                case .table(let headers, let rows, let left):
                    var table = TextTable(headers: headers, leftAligned: left)
                    rows.forEach { table.add($0) }
                    lines += table.render().split(separator: "\n", omittingEmptySubsequences: false)
                        .map { TextWrap.clip(String($0), width: Self.textWidth) }
                case .items(let items):
                    for item in items {
                        lines += TextWrap.wrap(item.text, width: Self.textWidth, first: "• ", rest: "  ")
                        if let link = WebLink(item.link) { lines.append(TextWrap.link(link.description, width: Self.textWidth)) }
                    }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
