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

    /// GitHub-flavoured Markdown: pastes into a wiki, or an e-mail client that reads Markdown.
    public func markdown() -> String {
        var out = ["# \(Markdown.escape(header.orgName)) — weekly summary", "", "**\(weekTitle)**  ", Markdown.escape(asOfLine)]
        out += header.dataNotes.flatMap { ["", "**\(Markdown.escape($0))**"] }
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

/// Word wrapping for the text form.
enum TextWrap {
    /// `text` in lines of at most `width`; a payload's words go through `TerminalText.safe`.
    static func wrap(_ text: String, width: Int, first: String = "", rest: String = "") -> [String] {
        let text = TerminalText.safe(text)
        var lines: [String] = []
        var line = first
        var prefix = first
        for word in text.split(separator: " ") {
            if line.count > prefix.count, line.count + 1 + word.count > width {
                lines.append(line)
                line = rest
                prefix = rest
            }
            line += (line.count > prefix.count ? " " : "") + word
        }
        lines.append(line)
        return lines.map { clip($0, width: width) }
    }

    /// A link under its item, indented; one too long for the width is never cut (a cut link
    /// leads nowhere): the reader is sent to the forms that carry it whole.
    static func link(_ url: String, width: Int) -> String {
        url.count + 2 <= width ? "  " + url : url.count <= width ? url : "  (link too long for text: see the HTML or JSON form)"
    }

    /// Cuts a line that cannot wrap (a long name in a table) at `width`, marking the cut.
    static func clip(_ line: String, width: Int) -> String {
        line.count <= width ? line : String(line.prefix(width - 1)) + "…"
    }
}
