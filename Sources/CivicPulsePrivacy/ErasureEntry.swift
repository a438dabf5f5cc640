import Foundation

/// One erasure as the register file keeps it: enough to apply it again to a database restored
/// from before it, and nothing that names a resident. Pseudonyms and event ids are random or
/// derived from a message id; once the resident's `privacy.residents` row is gone, nothing
/// leads from them to a person.
public struct ErasureEntry: Codable, Sendable, Equatable {
    public enum Scope: String, Codable, Sendable {
        case resident
        case retention
        case platformDelete = "platform_delete"
    }

    public var at: Date
    public var scope: Scope
    /// Pseudonyms (hex) whose link to a resident is deleted.
    public var pseudonyms: [String]
    /// Each message whose key is destroyed (event id, lowercase) with its keyword-urgency verdict.
    public var messages: [String: Bool]

    public init(at: Date, scope: Scope, pseudonyms: [String], messages: [String: Bool]) {
        self.at = at
        self.scope = scope
        self.pseudonyms = pseudonyms
        self.messages = messages
    }
}
