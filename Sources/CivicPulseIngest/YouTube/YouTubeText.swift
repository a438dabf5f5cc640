import Foundation

/// Small text conversions the YouTube reader needs.
enum YouTubeText {
    /// `textDisplay` as plain text: YouTube renders it as HTML (`<a href>`, `<br>`, entities), and
    /// sends it in place of `textOriginal` when the caller may not see the original.
    static func plain(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "<br>", with: "\n").replacingOccurrences(of: "<br/>", with: "\n")
        while let open = text.range(of: "<"), let close = text.range(of: ">", range: open.upperBound..<text.endIndex) {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#039;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// `2019-11-26T15:51:44Z`: one spelling for an instant, whatever precision the payload used,
    /// so an id built from it is the same on every fetch.
    static func isoSeconds(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// `viewCount` → `view_count`: statistics names as metric names.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                if !result.isEmpty { result.append("_") }
                result += character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
