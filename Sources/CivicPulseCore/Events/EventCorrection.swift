import Foundation

/// The event a second reading of a logged event appends when it fills what the log left unknown.
///
/// The log is append-only and idempotent by event id, so a later, fuller reading of an object
/// cannot change the stored event. It is recorded instead as a `correction`: a row holding the
/// event as now known (every column but the text, the corrected one's kind in `details.kind`:
/// nothing reads a message's text from its correction, and a second copy of a resident's words
/// would be one more to erase), naming the
/// event it corrects (`details.corrects`), the fields it filled (`details.filled`) and the account
/// and service it had before (`details.was`), which reach needs to move its counts. Its id is
/// derived from the corrected event and the values filled, so a file read again adds nothing.
public enum EventCorrection {
    /// What a correction row's details say besides the event as now known.
    public struct Target: Sendable, Equatable {
        public var eventID: UUID
        public var kind: EventKind
        public var filled: [EventAttribution.Field]
        public var formerAccount: String
        public var formerService: String

        public init(eventID: UUID, kind: EventKind, filled: [EventAttribution.Field], formerAccount: String, formerService: String) {
            self.eventID = eventID
            self.kind = kind
            self.filled = filled
            self.formerAccount = formerAccount
            self.formerService = formerService
        }

        /// The target a correction's details name; nil when they are not a correction's.
        public init?(details: [String: JSONValue]) {
            guard let id = details["corrects"]?.stringValue.flatMap(UUID.init(uuidString:)),
                  let kind = details["kind"]?.stringValue.flatMap(EventKind.init(rawValue:)) else { return nil }
            self.init(eventID: id, kind: kind,
                      filled: (details["filled"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(EventAttribution.Field.init(rawValue:)) },
                      formerAccount: details["was"]?["account"]?.stringValue ?? EventAttribution.unknownAccount,
                      formerService: details["was"]?["service"]?.stringValue ?? PipelineConfig.unassigned)
        }
    }

    /// The correction `reading` makes to the logged event `target` of kind `kind`, known so far
    /// as `stored`; nil when the reading fills nothing.
    public static func make(target: UUID, kind: EventKind, stored: EventAttribution, reading: EngagementEvent) -> EngagementEvent? {
        let known = reading.attribution
        let fields = stored.fills(from: known)
        guard !fields.isEmpty else { return nil }
        let now = stored.filling(fields, from: known)
        let details: [String: JSONValue] = [
            "corrects": .string(target.uuidString.lowercased()),
            "kind": .string(kind.rawValue),
            "filled": .array(fields.map { .string($0.rawValue) }),
            "was": .object(["account": .string(stored.account), "service": .string(stored.service)]),
        ]
        var correction = EngagementEvent(
            platform: reading.platform, sourceType: reading.sourceType, sourceID: reading.sourceID, org: reading.org,
            channel: reading.channel, account: now.account, service: now.service, kind: .correction,
            actorHash: reading.actorHash, actorIsOrg: reading.actorIsOrg, occurredAt: reading.occurredAt,
            text: nil, url: reading.url, details: details
        )
        correction.attribution = now
        let values = fields.map { field in "\(field.rawValue)=\(value(of: field, in: now))" }
        correction.eventID = EventID.derive(platform: reading.platform, sourceType: EventKind.correction.rawValue,
                                            sourceID: ([target.uuidString.lowercased()] + values).joined(separator: "\n"))
        return correction
    }

    private static func value(of field: EventAttribution.Field, in attribution: EventAttribution) -> String {
        switch field {
        case .account: attribution.account
        case .conversation: attribution.conversationID ?? ""
        case .parent: attribution.parentID ?? ""
        case .addressee: attribution.addresseeHash?.lowercaseHex ?? ""
        }
    }
}
