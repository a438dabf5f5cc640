import Foundation

extension EngagementEvent {
    /// Where the event belongs, as this reading tells.
    public var attribution: EventAttribution {
        get { EventAttribution(of: self) }
        set {
            account = newValue.account
            service = newValue.service
            conversationID = newValue.conversationID
            parentID = newValue.parentID
            addresseeHash = newValue.addresseeHash
            details[EventAttribution.provisionalKey] = newValue.provisional.isEmpty
                ? nil : .array(newValue.provisional.sorted().map { .string($0.rawValue) })
        }
    }

    /// Takes from another reading of the same event what it knows and this one does not.
    public mutating func fill(from reading: EngagementEvent) {
        let merged = attribution.merged(with: reading.attribution)
        if merged != attribution { attribution = merged }
    }
}
