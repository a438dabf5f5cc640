import Foundation

/// Where an event belongs, as far as one reading of it can tell: the org account and the service
/// routed from it, the thread, the message it answers and whom it answers.
///
/// A payload may not say: YouTube's `comments.list` names no channel, a Facebook comment page
/// fetched without `parent` cannot tell a reply from a comment. Such a field is left unknown (the
/// account `unknown`, no thread, parent or addressee), or, where the reader must put something to
/// keep the message in a conversation, marked provisional. A later reading that knows the field
/// fills it (`EventCorrection`); a field once known never changes, so what the log ends up
/// knowing is the union of every reading, whatever the order of files.
public struct EventAttribution: Sendable, Equatable {
    /// The fields a later reading may fill. The service is not one of them: it is routed from the
    /// account, so it is taken with the account and never alone.
    public enum Field: String, Sendable, CaseIterable, Comparable {
        case account
        case conversation = "conversation_id"
        case parent = "parent_id"
        case addressee = "addressee_hash"

        public static func < (lhs: Field, rhs: Field) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// The account of an event that concerns no org account the payload names.
    public static let unknownAccount = "unknown"
    /// The key of `EngagementEvent.details` listing the fields a reader guessed.
    public static let provisionalKey = "provisional"

    public var account: String
    public var service: String
    public var conversationID: String?
    public var parentID: String?
    public var addresseeHash: Data?
    /// Fields the reader put in without the payload saying: as unknown as an empty one.
    public var provisional: Set<Field>

    public init(account: String, service: String, conversationID: String?, parentID: String?, addresseeHash: Data?,
                provisional: Set<Field> = []) {
        self.account = account
        self.service = service
        self.conversationID = conversationID
        self.parentID = parentID
        self.addresseeHash = addresseeHash
        self.provisional = provisional
    }

    /// What `event` says, its provisional fields read from its details.
    init(of event: EngagementEvent) {
        self.init(account: event.account, service: event.service, conversationID: event.conversationID, parentID: event.parentID,
                  addresseeHash: event.addresseeHash, provisional: Self.provisional(in: event.details))
    }

    /// The provisional fields a details object lists; names this build does not know are ignored.
    public static func provisional(in details: [String: JSONValue]) -> Set<Field> {
        Set((details[provisionalKey]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(Field.init(rawValue:)) })
    }

    /// Whether this reading knows `field`.
    public func knows(_ field: Field) -> Bool {
        guard !provisional.contains(field) else { return false }
        return switch field {
        case .account: account != Self.unknownAccount
        case .conversation: conversationID != nil
        case .parent: parentID != nil
        case .addressee: addresseeHash != nil
        }
    }

    /// The fields `reading` knows and this leaves unknown, in `Field` order: what a correction
    /// fills. Empty when the reading tells nothing new: when it disagrees with what is known, and
    /// when it only confirms a provisional value.
    public func fills(from reading: EventAttribution) -> [Field] {
        Field.allCases.filter { !knows($0) && reading.knows($0) && !sameValue($0, as: reading) }
    }

    private func sameValue(_ field: Field, as other: EventAttribution) -> Bool {
        switch field {
        case .account: account == other.account
        case .conversation: conversationID == other.conversationID
        case .parent: parentID == other.parentID
        case .addressee: addresseeHash == other.addresseeHash
        }
    }

    /// This with `fields` taken from `reading` (the account with its service), no longer provisional.
    public func filling(_ fields: [Field], from reading: EventAttribution) -> EventAttribution {
        var filled = self
        for field in fields {
            switch field {
            case .account:
                filled.account = reading.account
                filled.service = reading.service
            case .conversation: filled.conversationID = reading.conversationID
            case .parent: filled.parentID = reading.parentID
            case .addressee: filled.addresseeHash = reading.addresseeHash
            }
            filled.provisional.remove(field)
        }
        return filled
    }

    /// This with everything `reading` knows and this does not.
    public func merged(with reading: EventAttribution) -> EventAttribution {
        filling(fills(from: reading), from: reading)
    }
}
