import Foundation

/// A payload's address as the summary may offer it to click: only an `https` address with a
/// plain host, in a spelling that cannot leave the link in any form (text, Markdown, HTML).
///
/// Platforms and exports hand us permalinks we cannot vouch for (`javascript:…`, `data:…`,
/// or an address carrying `"><script>`); a link is the one place such a value would act, so
/// anything else is not offered at all, and what is offered has every character that could
/// end a Markdown autolink, an HTML attribute or a table cell percent-encoded.
public struct WebLink: Sendable, Equatable, CustomStringConvertible {
    /// The address, percent-encoded where needed: safe inside `<…>` and inside `"…"`.
    public let description: String

    /// Nil unless `address` is an `https` address with a host of letters, digits, dots and
    /// hyphens (no user name, which would make `https://council.example@elsewhere` read as
    /// the council's).
    public init?(_ address: String?) {
        guard let address else { return nil }
        let encoded = Self.percentEncoded(address.trimmingCharacters(in: .whitespaces))
        guard let parts = URLComponents(string: encoded), parts.scheme?.lowercased() == "https",
              parts.user == nil, parts.password == nil, let host = parts.host, !host.isEmpty,
              host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else { return nil }
        description = encoded
    }

    /// RFC 3986's unreserved and reserved characters that no renderer reads as markup; `%` only
    /// where it already starts an escape.
    private static let kept = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@$&+,;=")

    private static func percentEncoded(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out = ""
        for (index, byte) in bytes.enumerated() {
            let char = Character(Unicode.Scalar(byte))
            if byte < 0x80, kept.contains(char) || (byte == UInt8(ascii: "%") && isEscape(bytes, at: index)) {
                out.append(char)
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    private static func isEscape(_ bytes: [UInt8], at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index + 1...index + 2].allSatisfy { Character(Unicode.Scalar($0)).isHexDigit }
    }
}
