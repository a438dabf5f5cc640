import CivicPulseCore
import Foundation

/// Reactions from Page webhooks (`item: reaction`, or `like` in older versions).
///
/// A reaction has no id of its own; a person has at most one on an object, so it is known by
/// `<object>:<person>` (the person as the first half of their hash, never their id). Each
/// delivery is a fact of its own, `<object>:<person>:<verb>@<epoch>`, so reacting again after
/// taking a reaction back is counted again. Adding is a **reaction** (its parent the object
/// reacted to); changing the type is an **edit** and taking it back a **delete**, both with
/// the reaction's `<object>:<person>` as parent.
struct FacebookReactions {
    let context: IngestContext

    func event(_ value: JSONValue, pageID: String?, entryTime: Date?) throws -> EngagementEvent {
        let verbText = try value.requiredString("verb")
        guard let verb = FacebookItem.Verb(webhook: verbText), [.add, .edited, .remove].contains(verb) else {
            throw FieldProblem(field: "verb", reason: "unknown verb '\(verbText)' for a reaction")
        }
        let postID = try value.requiredID("post_id")
        let commentID = value["comment_id"]?.idString
        let target = commentID ?? postID
        guard let person = FacebookIDs.person(from: value) else {
            throw FieldProblem(field: "from", reason: "missing: neither from nor sender_id says who reacted")
        }
        guard let at = try value["created_time"].map(Self.time) ?? entryTime else { throw FieldProblem.missing("created_time") }

        let config = context.config
        let platform = FacebookClassifier.platform
        let authorAccount = config.account(platform: platform, userID: person.id, handle: person.name)
        let page = pageID.flatMap { config.account(platform: platform, userID: $0, handle: nil) }
        let account = authorAccount ?? page
        let actor = context.hasher.hash(platform: platform, userID: person.id)
        let key = "\(target):\(FacebookIDs.hex(actor))"
        let kind: EventKind = switch verb {
        case .edited: .edit
        case .remove: .delete
        default: .reaction
        }
        // Thread of the object reacted to: a reply's thread is its parent comment.
        let parent = value["parent_id"]?.idString
        let conversation = commentID.map { comment in parent.flatMap { $0 == postID ? nil : $0 } ?? comment } ?? postID
        var details: [String: JSONValue] = ["target_id": .string(target), "reaction_key": .string(key), "item": .string(value["item"]?.stringValue ?? "reaction")]
        details["reaction_type"] = .string(value["reaction_type"]?.stringValue ?? "like")
        return EngagementEvent(
            platform: platform, sourceType: "reaction", sourceID: "\(key):\(verb.rawValue)@\(Int(at.timeIntervalSince1970))",
            org: config.org, channel: platform, account: account?.id ?? "unknown",
            service: account?.service ?? PipelineConfig.unassigned, kind: kind, conversationID: conversation,
            parentID: verb == .add ? target : key, actorHash: actor, actorIsOrg: authorAccount != nil,
            occurredAt: at, details: details
        )
    }

    private static func time(_ raw: JSONValue) throws -> Date {
        try EventTime.read(raw, field: "created_time", parse: FacebookIDs.epochDate)
    }
}
