import Foundation

/// Splits text into lower-cased words and hashtags, the units ``KeywordMatcher`` compares.
///
/// Works on Unicode scalars with an ASCII fast path, because it runs on every message.
/// Combining marks count as part of a word, so an accented letter written as a letter plus
/// a combining mark stays in its word, and `String` equality makes either spelling match.
enum KeywordTokenizer {
    struct Token: Equatable, Sendable {
        /// Lower-cased; for a hashtag, its body without `#` or underscores.
        let text: String
        let isHashtag: Bool
    }

    static func tokens(in text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let previousIsWord = index > 0 && isWord(scalars[index - 1])
            let next = index + 1 < scalars.count ? scalars[index + 1] : " "
            if isTagSign(scalar), !previousIsWord, isWord(next) || next == "_" {
                var end = index + 1
                while end < scalars.count, isWord(scalars[end]) || scalars[end] == "_" { end += 1 }
                if scalar == "#" || scalar == "＃" {
                    let body = lowercased(scalars[(index + 1)..<end].filter { $0 != "_" })
                    if !body.isEmpty { tokens.append(Token(text: body, isHashtag: true)) }
                }
                index = end // a hashtag is kept, an @mention skipped
            } else if isWord(scalar), !previousIsWord, startsAddress(scalars, at: index) {
                while index < scalars.count, !scalars[index].properties.isWhitespace { index += 1 }
            } else if isWord(scalar) {
                var end = index + 1
                while end < scalars.count, isWord(scalars[end]) { end += 1 }
                tokens.append(Token(text: lowercased(scalars[index..<end]), isHashtag: false))
                index = end
            } else {
                index += 1
            }
        }
        return tokens
    }

    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (48...57).contains(value) || (65...90).contains(value) || (97...122).contains(value)
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return properties.isAlphabetic
        }
    }

    private static func isTagSign(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "#" || scalar == "＃" || scalar == "@" || scalar == "＠"
    }

    private static func lowercased<S: Collection>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        if scalars.allSatisfy(\.isASCII) {
            return String(decoding: scalars.map { UInt8($0.value) | ((65...90).contains($0.value) ? 0x20 : 0) }, as: UTF8.self)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view).lowercased()
    }

    private static let addressPrefixes: [[Unicode.Scalar]] = ["http://", "https://", "www."].map { Array($0.unicodeScalars) }

    /// Whether a web address starts here, so its path words (`/flood-alerts`) are not read as text.
    private static func startsAddress(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard "hHwW".unicodeScalars.contains(scalars[index]) else { return false }
        return addressPrefixes.contains { prefix in
            index + prefix.count <= scalars.count
                && zip(scalars[index..<(index + prefix.count)], prefix).allSatisfy { Character($0).lowercased() == String($1) }
        }
    }
}
