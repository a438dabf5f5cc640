import CivicPulseCore
import Foundation

/// Messenger threads from Graph's `/{page}/conversations?fields=messages{id,created_time,from,to,message}`:
/// `data[]` is a thread (`id` `t_…`) and `messages.data[]` its messages, newest first.
///
/// Each message is what the Page webhook delivers for it (``FacebookMessenger``): a resident's is a
/// private **inbound message**, the Page's a **reply** addressed to the resident, in the
/// conversation `messenger:<page>:<resident>`, with the message id (`m_…`) as source id. So a
/// message that came by webhook and again through fetch is one event, and a thread read by both is
/// one conversation. No message has a public URL.
///
/// Which party is the Page: a Page id of the pipeline's facebook accounts (`id:`), or the one the
/// page's `paging` URL names (`/{page}/conversations`). A message where neither the sender nor a
/// recipient is such a Page is quarantined: who asked and who answered cannot be told apart.
struct FacebookConversations {
    let context: IngestContext

    /// A Messenger thread: Graph's thread ids start `t_`; one fetched by another id still holds
    /// `messages{data}`, which no post, comment or Page has.
    static func isThread(_ node: JSONValue) -> Bool {
        if let id = node["id"]?.stringValue, id.hasPrefix("t_") { return true }
        return node["id"] != nil && node["messages"]?["data"] != nil
    }

    /// Reads one thread's messages; each message is a record. A thread fetched without its messages
    /// (`fields=id,updated_time`) is one record that holds nothing to store.
    func read(_ thread: JSONValue, at path: String, pageHint: String?, records: inout FacebookRecords,
              into batch: inout NormalisedBatch) {
        let threadID = thread["id"]?.stringValue
        guard let data = thread["messages"]?["data"] else {
            records.read(thread, at: path, id: threadID, into: &batch) {
                FacebookOutcome(ignoredAs: "Messenger threads without their messages (ask for fields=messages{…})")
            }
            return
        }
        guard let messages = data.arrayValue else {
            records.read(data, at: "\(path).messages.data", id: threadID, into: &batch) {
                throw FieldProblem(field: "messages.data", reason: "expected an array, got \(data.jsonText.prefix(40))")
            }
            return
        }
        for (index, message) in messages.enumerated() {
            read(message: message, at: "\(path).messages.data[\(index)]", pageHint: pageHint, records: &records, into: &batch)
        }
    }

    /// A Messenger message on its own: Graph's message ids start `m_`. A thread longer than one
    /// page has its older messages on pages of `/{thread}/messages`, which hold these.
    static func isMessage(_ node: JSONValue) -> Bool {
        guard let id = node["id"]?.stringValue, id.hasPrefix("m_") else { return false }
        return node["from"] != nil || node["to"] != nil
    }

    /// Reads one message, a record of its own.
    func read(message: JSONValue, at path: String, pageHint: String?, records: inout FacebookRecords, into batch: inout NormalisedBatch) {
        let pages = Set(context.config.accounts.filter { $0.platform == FacebookClassifier.platform }.compactMap(\.platformID))
            .union(pageHint.map { [$0] } ?? [])
        records.read(message, at: path, id: message["id"]?.stringValue, into: &batch) {
            FacebookOutcome(events: [try event(message, pages: pages)])
        }
    }

    private func event(_ message: JSONValue, pages: Set<String>) throws -> EngagementEvent {
        guard message.objectValue != nil else {
            throw FieldProblem(field: "(record)", reason: "expected a Messenger message object, got \(message.jsonText.prefix(40))")
        }
        let id = try message.requiredID("id")
        guard let sender = message["from"]?["id"]?.idString else { throw FieldProblem.missing("from.id") }
        let recipients = (message["to"]?["data"]?.arrayValue ?? []).compactMap { $0["id"]?.idString }
        guard let firstRecipient = recipients.first else { throw FieldProblem.missing("to.data") }
        let parties: FacebookMessenger.Parties
        if pages.contains(sender) {
            parties = .init(pageID: sender, residentID: firstRecipient, fromPage: true)
        } else if let page = recipients.first(where: pages.contains) {
            parties = .init(pageID: page, residentID: sender, fromPage: false)
        } else {
            throw FieldProblem(field: "from.id", reason: "neither the sender nor to.data is a Page of the pipeline's facebook accounts (id:), so the resident cannot be told from the Page")
        }
        guard let created = message["created_time"] else { throw FieldProblem.missing("created_time") }
        let at = try EventTime.read(created, field: "created_time")
        var details: [String: JSONValue] = [:]
        // `image/jpeg` → `image`, as the webhook names an attachment's type.
        let attachments = (message["attachments"]?["data"]?.arrayValue ?? []).compactMap {
            $0["mime_type"]?.stringValue?.split(separator: "/").first.map(String.init)
        }
        if !attachments.isEmpty { details["attachments"] = .array(attachments.map(JSONValue.string)) }
        let text = message["message"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        return FacebookMessenger(context: context).messageEvent(
            parties: parties, sourceID: id, kind: parties.fromPage ? .reply : .inboundMessage, parentID: nil, at: at,
            text: text, details: details
        )
    }
}
