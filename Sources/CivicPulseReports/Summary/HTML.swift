import Foundation

/// HTML text escaping: every piece of text, a resident's or ours, goes through it.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for char in text {
            switch char {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(char)
            }
        }
        return out
    }

    /// A link only for an address `WebLink` accepts; anything else (say `javascript:`) is shown as text.
    static func link(_ url: String?, text: String) -> String {
        guard let link = WebLink(url) else { return escape(text) }
        return "<a href=\"\(escape(link.description))\">\(escape(text))</a>"
    }
}
