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
///
/// A **quiet point** is a message after which no spell is open. What follows it depends on what
/// came before only through withdrawals, and a withdrawal counts only before its spell's answer,
/// so messages after a quiet point, with the conversation's withdrawals, give the items that
/// open after it exactly as the whole conversation does.
public enum ResponseMatcher {
    /// A conversation's place in the matcher's order: time, then event id.
    public struct QuietPoint: Sendable, Equatable, Comparable {
        public var at: Date
        public var eventID: UUID

        public init(at: Date, eventID: UUID) {
            self.at = at
            self.eventID = eventID
        }

        public static func < (a: QuietPoint, b: QuietPoint) -> Bool {
            (a.at, a.eventID.byteOrder.0, a.eventID.byteOrder.1) < (b.at, b.eventID.byteOrder.0, b.eventID.byteOrder.1)
        }
    }

    public static func items(for messages: [ConversationMessage]) -> [ResponseItem] {
        matched(messages).items
    }

    /// The items of these messages' conversations, and each conversation's last quiet point.
    public static func matched(_ messages: [ConversationMessage]) -> (items: [ResponseItem], quiet: [String: QuietPoint]) {
        let conversations = Dictionary(grouping: messages, by: \.conversationKey)
        var items: [ResponseItem] = []
        var quiet: [String: QuietPoint] = [:]
        for key in conversations.keys.sorted() {
            let conversation = matched(inConversation: conversations[key]!)
            items += conversation.items
            quiet[key] = conversation.quiet
        }
        return (items, quiet)
    }

    static func matched(inConversation messages: [ConversationMessage]) -> (items: [ResponseItem], quiet: QuietPoint?) {
        let ordered = messages.sorted {
            QuietPoint(at: $0.occurredAt, eventID: $0.eventID) < QuietPoint(at: $1.occurredAt, eventID: $1.eventID)
        }
        let withdrawnAt = withdrawals(in: ordered)
        var open: [Data: [ConversationMessage]] = [:]
        var openOrder: [Data] = []
        var items: [ResponseItem] = []
        var quiet: QuietPoint?
        for message in ordered {
            defer { if open.isEmpty { quiet = QuietPoint(at: message.occurredAt, eventID: message.eventID) } }
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
        return (items + openOrder.flatMap { item(open[$0]!, answeredBy: nil, withdrawnAt: withdrawnAt) }, quiet)
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
            priority: standing.contains(where: \.urgent) ? .urgent : .routine,
            response: reply.map { .init(eventID: $0.eventID, at: $0.occurredAt, account: $0.account) },
            withdrawnMessages: spell.count - standing.count,
            standing: standing.map { .init(eventID: $0.eventID, at: $0.occurredAt) }
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
