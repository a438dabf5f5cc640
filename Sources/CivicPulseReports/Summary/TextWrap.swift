import Foundation

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
