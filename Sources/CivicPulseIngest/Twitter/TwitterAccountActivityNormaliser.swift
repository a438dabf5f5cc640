import CivicPulseCore
import Foundation

/// X Account Activity API deliveries: what X posts to `civicpulse serve` at `/webhooks/x`, saved
/// one to a file (serve's archive) or one a line.
///
/// A delivery names the subscribed account (`for_user_id`) and holds arrays of activity:
/// - `tweet_create_events`: v1.1 statuses, read by ``TwitterV1Normaliser`` exactly as a v1.1
///   timeline's, so a tweet fetched, saved and delivered is one event;
/// - `direct_message_events` (`type: message_create`): DMs, read as ``TwitterDirectMessages``
///   reads v2 `dm_events`; the conversation is the pair of sender and recipient, which is what a
///   v2 one-to-one `dm_conversation_id` spells, so both APIs land in one conversation;
/// - `tweet_delete_events`: a **delete** of the tweet (`status.id`), which takes a resident's
///   unanswered question back (docs/response-matching.md);
/// - what the project does not measure (favourites, follows, typing, read receipts, blocks,
///   mutes, …, and `user_event`, the account revoking the app) is read and ignored, counted by
///   kind in the file's description, never quarantined.
///
/// A delivery for an account that is not one of the pipeline's X accounts is quarantined whole:
/// it is another organisation's, or the pipeline lacks the account.
struct TwitterAccountActivityNormaliser: PayloadFormat {
    static let source = IngestSource.twitterActivity
    static let displayName = "X Account Activity delivery"

    let context: IngestContext

    init(context: IngestContext) {
        self.context = context
    }

    static func recognises(_ document: JSONValue) -> Bool {
        guard let members = document.objectValue, members["for_user_id"] != nil else { return false }
        return members.keys.contains { $0.hasSuffix("_events") || $0 == "user_event" }
    }

    func normalise(document: JSONValue, into batch: inout NormalisedBatch) {
        read(delivery: document, at: "", into: &batch)
        batch.recognisedAs = Self.displayName + batch.ignoredSummary
    }

    func normalise(line record: JSONValue, lineNumber: Int, into batch: inout NormalisedBatch) {
        read(delivery: record, at: "line \(lineNumber) ", into: &batch)
    }

    /// Members that describe the delivery's records rather than being records.
    static let descriptive: Set = ["for_user_id", "users", "apps", "user_has_blocked", "source"]

    /// Reads one delivery, each record's path behind `prefix`.
    private func read(delivery: JSONValue, at prefix: String, into batch: inout NormalisedBatch) {
        guard let members = delivery.objectValue else {
            return batch.read(delivery, at: "\(prefix)(delivery)", id: nil) {
                throw FieldProblem(field: "(delivery)", reason: "expected an Account Activity delivery object")
            }
        }
        guard let account = subscribedAccount(delivery) else {
            return batch.read(delivery, at: "\(prefix)(delivery)", id: nil) {
                throw try accountProblem(delivery)
            }
        }
        for key in members.keys.sorted() where !Self.descriptive.contains(key) {
            let value = members[key]!
            let path = "\(prefix)\(key)"
            if key == "user_event" {
                let what = value["revoke"] != nil ? "revocations of the app's access (authorise the app again for this account)" : "user events"
                batch.ignore(value, at: path, id: nil, as: what)
                continue
            }
            guard key.hasSuffix("_events") else { continue }
            guard let records = value.arrayValue else {
                batch.read(value, at: path, id: nil) { throw FieldProblem(field: key, reason: "expected an array, got \(value.jsonText.prefix(40))") }
                continue
            }
            let at = records.indices.map { "\(path)[\($0)]" }
            switch key {
            case "tweet_create_events":
                TwitterV1Normaliser(context: context).read(zip(at, records).map { (path: $0, status: $1) }, into: &batch)
            case "direct_message_events":
                let users = Self.handles(delivery["users"])
                for (path, record) in zip(at, records) { readMessage(record, at: path, users: users, into: &batch) }
            case "tweet_delete_events":
                for (path, record) in zip(at, records) {
                    batch.read(record, at: path, id: record["status"]?["id"]?.idString) { [try deletion(record, account: account)] }
                }
            default:
                for (path, record) in zip(at, records) { batch.ignore(record, at: path, id: nil, as: "\(key) records (not measured)") }
            }
        }
    }

    /// The pipeline's X account the delivery is for; nil when `for_user_id` names none.
    private func subscribedAccount(_ delivery: JSONValue) -> PipelineConfig.Account? {
        guard let id = delivery["for_user_id"]?.idString else { return nil }
        return context.config.account(platform: TwitterClassifier.platform, userID: id, handle: nil)
    }

    /// Why `for_user_id` names no account of the pipeline's: missing, not an id, or another account's.
    private func accountProblem(_ delivery: JSONValue) throws -> FieldProblem {
        let id = try delivery.requiredID("for_user_id")
        return FieldProblem(field: "for_user_id", reason: "\(id) is not one of the pipeline's X accounts (\(context.config.file) has no twitter account with that id)")
    }

    /// A `direct_message_events` element: a `message_create` is a DM; any other type is ignored.
    private func readMessage(_ record: JSONValue, at path: String, users: [String: String], into batch: inout NormalisedBatch) {
        let id = record["id"]?.idString
        if let type = record["type"]?.stringValue, type != "message_create" {
            return batch.ignore(record, at: path, id: id, as: "DM \(type) events (not messages)")
        }
        batch.read(record, at: path, id: id) {
            guard record["type"] != nil else { throw FieldProblem.missing("type") }
            let id = try record.requiredID("id")
            guard let created = record["message_create"], created.objectValue != nil else { throw FieldProblem.missing("message_create") }
            let sender = try Self.nested(created, "sender_id", in: "message_create")
            let recipient = try Self.nested(created["target"] ?? .null, "recipient_id", in: "message_create.target")
            let message = TwitterDirectMessages.Message(
                id: id, sender: sender, conversation: [sender, recipient].joined(separator: "-"), participants: [recipient],
                at: try EventTime.read(record["created_timestamp"] ?? .null, field: "created_timestamp", parse: Self.milliseconds),
                text: created["message_data"]?["text"]?.stringValue
            )
            return [TwitterDirectMessages(context: context, users: users).event(for: message)]
        }
    }

    /// A `tweet_delete_events` element as a delete of the tweet it names.
    private func deletion(_ record: JSONValue, account: PipelineConfig.Account) throws -> EngagementEvent {
        let platform = TwitterClassifier.platform
        let tweet = try Self.nested(record["status"] ?? .null, "id", in: "status")
        let author = try Self.nested(record["status"] ?? .null, "user_id", in: "status")
        let at = try EventTime.read(record["timestamp_ms"] ?? .null, field: "timestamp_ms", parse: Self.milliseconds)
        let authorAccount = context.config.account(platform: platform, userID: author, handle: nil)
        return EngagementEvent(
            platform: platform, sourceType: "tweet", sourceID: "\(tweet):delete", org: context.config.org, channel: "twitter",
            account: (authorAccount ?? account).id, service: authorAccount?.service ?? context.service(for: account, text: nil),
            kind: .delete, parentID: tweet, actorHash: context.actorHash(platform: platform, userID: author),
            actorIsOrg: authorAccount != nil, occurredAt: at
        )
    }

    /// `key` of `object`, an id, named `parent.key` when it is missing or not an id.
    private static func nested(_ object: JSONValue, _ key: String, in parent: String) throws -> String {
        do {
            return try object.requiredID(key)
        } catch let problem as FieldProblem {
            throw FieldProblem(field: "\(parent).\(problem.field)", reason: problem.reason)
        }
    }

    /// Milliseconds since the Unix epoch, as Account Activity spells its times (`"1542117321487"`).
    static func milliseconds(_ value: JSONValue) -> Date? {
        guard let text = value.idString, !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Double(text) else { return nil }
        return Date(timeIntervalSince1970: count / 1000)
    }

    /// Handles from a delivery's `users` map (user id to user object), so an org account known by
    /// its handle only is still recognised.
    static func handles(_ users: JSONValue?) -> [String: String] {
        var handles: [String: String] = [:]
        for (id, user) in users?.objectValue ?? [:] {
            if let handle = user["screen_name"]?.stringValue { handles[id] = handle }
        }
        return handles
    }
}
