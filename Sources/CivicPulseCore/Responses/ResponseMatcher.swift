import Foundation

/// Decides which org message answers which resident message (docs/response-matching.md).
///
/// Within one conversation, in time order (ties broken by event id):
/// - a resident's message that awaits a response opens a spell for that resident, unless one is
///   already open, in which case it joins it (three messages in a row are one item, timed from the first);
/// - an org **reply** closes the open spell of the resident it answers (its addressee); a reply whose
///   addressee is unknown closes every open spell in the conversation. A reply from any of the
///   org's accounts counts, not only the one written to;
/// - the resident's next message after an answer opens a new spell: a new clock.
///
/// The result depends only on the set of messages, never on the order they were ingested or
/// processed, which is what lets a rebuild reproduce incremental processing exactly.
public enum ResponseMatcher {
    public static func items(for messages: [ConversationMessage]) -> [ResponseItem] {
        let conversations = Dictionary(grouping: messages, by: \.conversationKey)
        return conversations.keys.sorted().flatMap { key in items(inConversation: conversations[key]!) }
    }

    static func items(inConversation messages: [ConversationMessage]) -> [ResponseItem] {
        let ordered = messages.sorted {
            ($0.occurredAt, $0.eventID.uuidString) < ($1.occurredAt, $1.eventID.uuidString)
        }
        var open: [Data: ResponseItem] = [:]
        var openOrder: [Data] = []
        var finished: [ResponseItem] = []
        for message in ordered {
            if message.actorIsOrg {
                guard message.kind == .reply else { continue }
                let answered = message.addresseeHash.map { addressee in openOrder.filter { $0 == addressee } } ?? openOrder
                for resident in answered {
                    guard var item = open.removeValue(forKey: resident) else { continue }
                    item.response = .init(eventID: message.eventID, at: message.occurredAt, account: message.account)
                    finished.append(item)
                }
                openOrder.removeAll { open[$0] == nil }
            } else if message.kind.awaitsResponse {
                // A resident we cannot identify is a resident of one message.
                let resident = message.actorHash ?? Data(message.eventID.uuidString.utf8)
                if var item = open[resident] {
                    item.messageCount += 1
                    item.lastMessageAt = message.occurredAt
                    if message.urgent { item.priority = .urgent }
                    open[resident] = item
                } else {
                    open[resident] = ResponseItem(
                        itemID: message.eventID, conversationKey: message.conversationKey, org: message.org,
                        platform: message.platform, channel: message.channel, account: message.account,
                        service: message.service, residentHash: message.actorHash, openedAt: message.occurredAt,
                        lastMessageAt: message.occurredAt, messageCount: 1, sourceID: message.sourceID, url: message.url,
                        priority: message.urgent ? .urgent : .routine
                    )
                    openOrder.append(resident)
                }
            }
        }
        return finished + openOrder.compactMap { open[$0] }
    }
}
