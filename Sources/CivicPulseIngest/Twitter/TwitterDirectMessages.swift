import CivicPulseCore
import Foundation

/// Twitter/X API v2 direct messages: `dm_events` responses and lines (`event_type`, `sender_id`,
/// `dm_conversation_id`, `participant_ids`).
///
/// A DM is private: a resident's is an **inbound message** to the org account taking part, the
/// org's is a **reply** to the other participant, on channel `twitter_dm` with no public URL. The
/// conversation is the DM conversation, stored as a keyed hash: a one-to-one conversation's id is
/// the two users' ids (`1500…-9000…`), which must not reach the log. `ParticipantsJoin` and
/// `ParticipantsLeave` are not messages: they are read and ignored, and counted as such.
struct TwitterDirectMessages {
    static let channel = "twitter_dm"

    let context: IngestContext
    /// Handles of `includes.users`, by user id: an org account may be known by its handle only.
    let users: [String: String]

    /// Whether `object` is a DM event rather than a tweet (both have `id` and `text`).
    static func isEvent(_ object: JSONValue) -> Bool {
        object["event_type"] != nil && object["dm_conversation_id"] != nil
    }

    func read(_ event: JSONValue, at path: String, index: Int?, into batch: inout NormalisedBatch) {
        let id = event["id"]?.idString
        if let type = event["event_type"]?.stringValue, type != "MessageCreate" {
            batch.ignore(event, at: path, id: id, index: index, as: "DM \(type) events (not messages)")
            return
        }
        batch.read(event, at: path, id: id, index: index) {
            guard event["event_type"] != nil else { throw FieldProblem.missing("event_type") }
            return [try message(event)]
        }
    }

    /// One message, in the terms both DM formats give: v2 `dm_events` and Account Activity
    /// `direct_message_events` (``TwitterAccountActivityNormaliser``).
    struct Message {
        var id: String
        var sender: String
        /// The DM conversation's id; an Account Activity message, which has none, gives its one-to-one pair.
        var conversation: String
        /// Who else is named as taking part (v2 `participant_ids`, an AA message's recipient).
        var participants: [String]
        var at: Date
        var text: String?
    }

    private func message(_ event: JSONValue) throws -> EngagementEvent {
        let id = try event.requiredID("id")
        return self.event(for: Message(
            id: id, sender: try event.requiredID("sender_id"), conversation: try event.requiredID("dm_conversation_id"),
            participants: (event["participant_ids"]?.arrayValue ?? []).compactMap(\.idString),
            at: try TwitterNormaliser.creationTime(of: event, id: id), text: event["text"]?.stringValue
        ))
    }

    /// A one-to-one conversation's id, `<id>-<id>`: its two users' ids, the smaller first, as
    /// API v2 spells them; the pair sorted whichever way it came, so the same conversation read
    /// from v2 and from an Account Activity delivery (which names only sender and recipient) is
    /// one. Nil for a group's id, a number of its own.
    static func oneToOne(_ conversation: String) -> [String]? {
        let pair = conversation.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard pair.count == 2, pair.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        return pair.sorted { ($0.count, $0) < ($1.count, $1) }
    }

    func event(for message: Message) -> EngagementEvent {
        let platform = TwitterClassifier.platform
        func orgAccount(_ userID: String) -> PipelineConfig.Account? {
            context.config.account(platform: platform, userID: userID, handle: users[userID])
        }
        // A one-to-one conversation's id is its two users' ids; a group's is an id of its own,
        // and its members are in `participant_ids`.
        let pair = Self.oneToOne(message.conversation)
        let sender = message.sender
        var others: [String] = []
        for participant in message.participants + (pair ?? []) where participant != sender && !others.contains(participant) {
            others.append(participant)
        }

        let author = orgAccount(sender)
        let account = author ?? others.lazy.compactMap(orgAccount).first
        let residents = others.filter { orgAccount($0) == nil }
        let conversationHash = context.hasher.hash(platform: platform, userID: "dm:\(pair?.joined(separator: "-") ?? message.conversation)")
        return EngagementEvent(
            platform: platform, sourceType: "dm_event", sourceID: message.id, org: context.config.org, channel: Self.channel,
            account: account?.id ?? "unknown",
            service: author?.service ?? context.service(for: account, text: message.text),
            kind: author == nil ? .inboundMessage : .reply,
            conversationID: "dm:\(FacebookIDs.hex(conversationHash))",
            actorHash: context.actorHash(platform: platform, userID: sender), actorIsOrg: author != nil,
            // The org's DM answers the one resident in the conversation; in a group, nobody in particular.
            addresseeHash: author != nil && residents.count == 1 ? context.actorHash(platform: platform, userID: residents[0]) : nil,
            occurredAt: message.at, text: message.text, url: nil, details: ["event_type": .string("MessageCreate")]
        )
    }
}
