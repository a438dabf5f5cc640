/// An address the summary's e-mail may name in its `From` or `To` header: one plain
/// `name@domain`, ASCII, so that a value can neither span lines (and so add headers of its own,
/// a `Bcc:` say) nor slip in a second recipient or a display name.
public struct MailAddress: Sendable, Equatable, CustomStringConvertible {
    public let description: String

    /// Characters RFC 5322 allows in an unquoted local part, besides letters, digits and dots.
    private static let localSymbols = Set("!#$%&'*+-/=?^_`{|}~")

    public init(_ text: String) throws {
        if text.contains(where: \.breaksLine) {
            throw ArgumentProblem.mailAddressSpansLines
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, Self.isLocalPart(parts[0]), Self.isDomain(parts[1]) else {
            throw ArgumentProblem.notAMailAddress
        }
        description = text
    }

    /// `first.last` or `reports+weekly`: dot-separated runs of allowed characters, at most 64.
    private static func isLocalPart(_ text: Substring) -> Bool {
        (1...64).contains(text.count) && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { run in
            !run.isEmpty && run.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || localSymbols.contains($0)) }
        }
    }

    /// `council.example` or `localhost`: labels of letters, digits and inner hyphens, at most 253.
    private static func isDomain(_ text: Substring) -> Bool {
        (1...253).contains(text.count) && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}
