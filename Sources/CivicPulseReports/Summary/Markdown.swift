/// Markdown that shows text as written: a name, title, topic or address from a payload never
/// becomes a link, an image, an HTML tag, emphasis, a list or a new table cell, neither in
/// CommonMark nor in GitHub's extensions (tables, strikethrough, bare-address autolinks), which
/// is what wikis and mail programs that read Markdown render.
enum Markdown {
    /// ASCII punctuation that opens or closes markup anywhere in a line; a backslash before any
    /// of them shows it as itself.
    private static let markup = Set("\\`*_[]<>#|!&~$")

    /// One line of text, each markup character escaped. Line breaks and control characters
    /// become spaces: a line break could start a heading, a list or a table row of its own.
    static func escape(_ text: String) -> String {
        let chars = text.map { $0.breaksLine ? " " : $0 }
        var out = ""
        for index in chars.indices {
            let char = chars[index]
            if markup.contains(char) || opensBlock(chars, at: index) || opensAutolink(chars, at: index) { out.append("\\") }
            out.append(char)
            // GitHub links `name@host.example` (and `mailto:`/`xmpp:` ones) even when the `@` is
            // escaped; an invisible word joiner after it is the one spelling it leaves as text.
            if char == "@" { out.append("\u{2060}") }
        }
        return out
    }

    /// A line of CivicPulse's own words whose `code` spans name what to run (`civicpulse
    /// process`): the spans stay code, the words between them are escaped as ``escape(_:)``
    /// escapes a payload's. Escaped whole, the backticks showed as written around the command.
    static func escapeKeepingCode(_ text: String) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        // An odd number of backticks closes no span: the text is escaped as it is.
        guard parts.count % 2 == 1 else { return escape(text) }
        return parts.enumerated().map { index, part in
            index % 2 == 1 && !part.contains(where: \.breaksLine) ? "`\(part)`" : escape(String(part))
        }.joined()
    }

    /// `-`, `+` or `=` first on the line (a list item or a heading's underline), or the `.` or
    /// `)` of `12.` / `12)` there (a numbered list).
    private static func opensBlock(_ chars: [Character], at index: Int) -> Bool {
        guard let first = chars.firstIndex(where: { $0 != " " }) else { return false }
        if index == first { return "-+=".contains(chars[index]) }
        return ".)".contains(chars[index]) && index > first && index - first <= 9
            && chars[first..<index].allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The `:` of `scheme://` and the `.` of `www.`: where GitHub would link a bare address.
    private static func opensAutolink(_ chars: [Character], at index: Int) -> Bool {
        switch chars[index] {
        case ":": return chars.dropFirst(index + 1).prefix(2).elementsEqual("//")
        case ".": return index >= 3 && String(chars[index - 3..<index]).lowercased() == "www"
        default: return false
        }
    }
}
