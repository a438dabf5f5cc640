import Foundation

extension GenericChannel {
    /// Which org account an export's rows belong to.
    public enum AccountSource: Sendable, Equatable {
        /// The whole export is one account's (`account: harbourside_webchat`).
        case fixed(String)
        /// Each row names its account in this column (`account: { column: Profile }`), by the
        /// account's id, handle or platform id: a customer-care export of several handles.
        case column(String)

        static func parse(_ node: ConfigNode, accounts: [PipelineConfig.Account]) throws -> AccountSource {
            if node.node.mapping != nil {
                try node.allowOnly(["column"])
                return .column(try node.required("column").string())
            }
            let account = try node.string()
            guard accounts.contains(where: { $0.id == account }) else {
                throw node.error("unknown account '\(account)' (accounts: \(accounts.map(\.id).joined(separator: ", ")); or { column: NAME } when each row names its account)")
            }
            return .fixed(account)
        }
    }
}

extension PipelineConfig {
    /// The org accounts a row's account cell names: by account id, else by handle (with or
    /// without `@`, any case) or platform id. A handle two platforms share names an account on
    /// `platform` when there is one, so `HarbourLibraries` in a Twitter export is the Twitter account.
    public func accounts(named cell: String, preferring platform: String) -> [Account] {
        if let exact = accounts.first(where: { $0.id == cell }) { return [exact] }
        let named = accounts.filter { $0.isNamed(by: cell) }
        let onPlatform = named.filter { $0.platform == platform }
        return onPlatform.isEmpty ? named : onPlatform
    }

    /// Whether `author` (a handle or a platform id, as an export writes it) is one of the org's accounts.
    public func isOrgAuthor(_ author: String) -> Bool {
        accounts.contains { $0.isNamed(by: author) }
    }
}

extension PipelineConfig.Account {
    /// Whether `text` is this account's platform id, or its handle with or without `@`, in any case.
    func isNamed(by text: String) -> Bool {
        if platformID == text { return true }
        let handle = text.trimmingCharacters(in: CharacterSet(charactersIn: "@"))
        return self.handle.map { PipelineConfig.sameHandle($0, handle) } == true
    }
}
