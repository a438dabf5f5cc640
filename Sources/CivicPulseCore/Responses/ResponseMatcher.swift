import Foundation

/// Decides which org message answers which resident message (docs/response-matching.md).
///
/// Within one conversation, in time order (ties broken by event id):
/// - a resident's message that awaits a response opens a spell for that resident, unless one is
///   already open, in which case it joins it (three messages in a row are one item, timed from the first);
/// - an org **reply** closes the open spell of the resident it answers (its addressee); a reply whose
///   addressee is unknown closes every open spell in the conversation. A reply from any of the
///   org's accounts counts, not only the one written to;
/// - the resident's next message after an answer opens a new spell: a new clock;
/// - a message deleted, or hidden and not unhidden, before its spell was answered does not count:
///   the spell is timed from its first message still standing, and a spell with none is no item.
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
            ($0.occurredAt, $0.eventID.byteOrder.0, $0.eventID.byteOrder.1) < ($1.occurredAt, $1.eventID.byteOrder.0, $1.eventID.byteOrder.1)
        }
        let withdrawnAt = withdrawals(in: ordered)
        var open: [Data: [ConversationMessage]] = [:]
        var openOrder: [Data] = []
        var items: [ResponseItem] = []
        for message in ordered {
            if message.actorIsOrg {
                guard message.kind == .reply else { continue }
                let answered = message.addresseeHash.map { addressee in openOrder.filter { $0 == addressee } } ?? openOrder
                for resident in answered {
                    guard let spell = open.removeValue(forKey: resident) else { continue }
                    items += item(spell, answeredBy: message, withdrawnAt: withdrawnAt)
                }
                openOrder.removeAll { open[$0] == nil }
            } else if message.kind.awaitsResponse {
                // A resident we cannot identify is a resident of one message.
                let resident = message.actorHash ?? Data(message.eventID.uuidString.utf8)
                if open[resident] == nil { openOrder.append(resident) }
                open[resident, default: []].append(message)
            }
        }
        return items + openOrder.flatMap { item(open[$0]!, answeredBy: nil, withdrawnAt: withdrawnAt) }
    }

    /// The item a spell makes: its messages still standing when it was answered (or ever, if not).
    private static func item(_ spell: [ConversationMessage], answeredBy reply: ConversationMessage?,
                             withdrawnAt: [String: Date]) -> [ResponseItem] {
        let standing = spell.filter { message in
            guard let withdrawn = withdrawnAt[message.sourceID] else { return true }
            return reply.map { withdrawn > $0.occurredAt } ?? false
        }
        guard let first = standing.first, let last = standing.last else { return [] }
        return [ResponseItem(
            itemID: first.eventID, conversationKey: first.conversationKey, org: first.org, platform: first.platform,
            channel: first.channel, account: first.account, service: first.service, residentHash: first.actorHash,
            openedAt: first.occurredAt, lastMessageAt: last.occurredAt, messageCount: standing.count,
            sourceID: first.sourceID, url: first.url, priority: standing.contains(where: \.urgent) ? .urgent : .routine,
            response: reply.map { .init(eventID: $0.eventID, at: $0.occurredAt, account: $0.account) },
            withdrawnMessages: spell.count - standing.count
        )]
    }

    /// When each withdrawn message was taken back: the first hide or delete after its last unhide,
    /// looking no further than its deletion (after which nothing gives it back).
    private static func withdrawals(in ordered: [ConversationMessage]) -> [String: Date] {
        var since: [String: Date] = [:]
        var deleted: Set<String> = []
        for change in ordered where ConversationMessage.withdrawals.contains(change.kind) {
            guard let target = change.targetSourceID, !deleted.contains(target) else { continue }
            switch change.kind {
            case .unhide: since[target] = nil
            default:
                since[target] = since[target] ?? change.occurredAt
                if change.kind == .delete { deleted.insert(target) }
            }
        }
        return since
    }
}
