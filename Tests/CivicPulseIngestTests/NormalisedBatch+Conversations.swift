import CivicPulseCore
@testable import CivicPulseIngest

extension NormalisedBatch {
    /// The batch's conversational events as response matching sees them, whichever platform.
    var conversationMessages: [ConversationMessage] {
        events.filter { ConversationMessage.isConversational($0.kind) }.map {
            ConversationMessage(
                eventID: $0.eventID, conversationKey: ConversationMessage.key(platform: $0.platform, conversationID: $0.conversationID, sourceID: $0.sourceID),
                org: $0.org, platform: $0.platform, channel: $0.channel, account: $0.account, service: $0.service, kind: $0.kind,
                actorHash: $0.actorHash, actorIsOrg: $0.actorIsOrg, addresseeHash: $0.addresseeHash, occurredAt: $0.occurredAt,
                sourceID: $0.sourceID
            )
        }
    }

    /// The platform id of the message that opened `item`, as a report lists it from the log.
    func sourceID(of item: ResponseItem) -> String? {
        events.first { $0.eventID == item.itemID }?.sourceID
    }
}
