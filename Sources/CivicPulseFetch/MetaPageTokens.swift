import Foundation

/// Page access tokens by Page id, from `CIVICPULSE_META_PAGE_TOKENS`: `pageid=token,pageid=token`
/// (Graph tokens hold no `,` or `=`). Each Page has its own token, so one revoked token stops only
/// its Page.
struct MetaPageTokens: Sendable {
    let tokens: [String: BearerToken]

    /// Reads the variable's value; an entry that is not `digits=token` is named by its position,
    /// never shown, since it may hold a token.
    init(_ text: String) throws {
        var tokens: [String: BearerToken] = [:]
        for (position, entry) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            guard let equals = trimmed.firstIndex(of: "="), case let pageID = trimmed[..<equals].trimmingCharacters(in: .whitespaces),
                  !pageID.isEmpty, pageID.allSatisfy(\.isASCII), pageID.allSatisfy(\.isNumber) else {
                throw FetchError.credentials("\(Credentials.metaPageTokens): entry \(position + 1): expected <page id>=<page token> (the Page's numeric id)")
            }
            let token = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !token.isEmpty else {
                throw FetchError.credentials("\(Credentials.metaPageTokens): entry \(position + 1): Page \(pageID) has no token")
            }
            tokens[pageID] = BearerToken(token)
        }
        self.tokens = tokens
    }
}
