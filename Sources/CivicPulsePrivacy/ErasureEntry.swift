import Foundation

/// One erasure as the register file keeps it: enough to apply it again to a database restored
/// from before it, and nothing that names a resident. Pseudonyms and event ids are random or
/// derived from a message id; once the resident's `privacy.residents` row is gone, nothing
/// leads from them to a person.
public struct ErasureEntry: Codable, Sendable, Equatable {
    /// Whom or what the erasure was for: a resident (`forget`); messages their platform says
    /// were deleted (`platform_delete`) or past the text's retention (`retention`); whole recorded
    /// months of the log past `retention.events` (`retention_events`). The last three are
    /// registered in the database only: after a restore, the log's `delete` events and the
    /// messages' times make them again (`PlatformDeletions`, `TextRetention`, `LogRetention`).
    public enum Scope: String, Codable, Sendable {
        case resident
        case platformDelete = "platform_delete"
        case retention
        case retentionEvents = "retention_events"
    }

    public var at: Date
    public var scope: Scope
    /// Pseudonyms (hex) whose link to a resident is deleted.
    public var pseudonyms: [String]
    /// Each message whose key is destroyed (event id, lowercase) with its keyword-urgency verdict.
    public var messages: [String: Bool]
    /// The quarantined records (`civicpulse.quarantine.id`) blanked because they named the
    /// resident; absent in entries written before forget reached the quarantine.
    public var quarantined: [Int64]?

    /// The messages by event id; nil when one of them is not an event id (a damaged line).
    var verdicts: [UUID: Bool]? {
        var verdicts: [UUID: Bool] = [:]
        for (id, urgent) in messages {
            guard let uuid = UUID(uuidString: id) else { return nil }
            verdicts[uuid] = urgent
        }
        return verdicts
    }

    public init(at: Date, scope: Scope, pseudonyms: [String], messages: [String: Bool], quarantined: [Int64]? = nil) {
        self.at = at
        self.scope = scope
        self.pseudonyms = pseudonyms
        self.messages = messages
        self.quarantined = quarantined
    }
}
