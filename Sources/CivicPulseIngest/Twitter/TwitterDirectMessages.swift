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

    private func message(_ event: JSONValue) throws -> EngagementEvent {
        let id = try event.requiredID("id")
        let sender = try event.requiredID("sender_id")
        let conversation = try event.requiredID("dm_conversation_id")
        let at = try TwitterNormaliser.creationTime(of: event, id: id)
        let platform = TwitterClassifier.platform
        func orgAccount(_ userID: String) -> PipelineConfig.Account? {
            context.config.account(platform: platform, userID: userID, handle: users[userID])
        }
        // A one-to-one conversation's id is its two users' ids (`<id>-<id>`); a group's is an id of
        // its own, and its members are in `participant_ids`.
        let pair = conversation.split(separator: "-").map(String.init)
        let named = (event["participant_ids"]?.arrayValue ?? []).compactMap(\.idString)
            + (pair.count == 2 && pair.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) } ? pair : [])
        var others: [String] = []
        for participant in named where participant != sender && !others.contains(participant) { others.append(participant) }

        let author = orgAccount(sender)
        let account = author ?? others.lazy.compactMap(orgAccount).first
        let residents = others.filter { orgAccount($0) == nil }
        let text = event["text"]?.stringValue
        let conversationHash = context.hasher.hash(platform: platform, userID: "dm:\(conversation)")
        return EngagementEvent(
            platform: platform, sourceType: "dm_event", sourceID: id, org: context.config.org, channel: Self.channel,
            account: account?.id ?? "unknown",
            service: author?.service ?? context.service(for: account, text: text),
            kind: author == nil ? .inboundMessage : .reply,
            conversationID: "dm:\(FacebookIDs.hex(conversationHash))",
            actorHash: context.actorHash(platform: platform, userID: sender), actorIsOrg: author != nil,
            // The org's DM answers the one resident in the conversation; in a group, nobody in particular.
            addresseeHash: author != nil && residents.count == 1 ? context.actorHash(platform: platform, userID: residents[0]) : nil,
            occurredAt: at, text: text, url: nil, details: ["event_type": .string("MessageCreate")]
        )
    }
}
