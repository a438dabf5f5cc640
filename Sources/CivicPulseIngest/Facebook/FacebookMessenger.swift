import CivicPulseCore
import Foundation

/// Messenger events in Page webhooks (`entry[].messaging[]`): a resident's private message to the
/// Page is an **inbound message**; the Page's own message, echoed back (`is_echo`), is a **reply**
/// addressed to that resident; `message_edit` is an **edit** of the message.
///
/// A private conversation is one Page with one person, so its id is
/// `messenger:<page>:<person>` with the person as the first half of their hash: it groups the
/// question with the answer without storing who asked. `timestamp` is in milliseconds.
/// Delivery and read receipts, postbacks, opt-ins and message reactions carry nothing to
/// ingest and are counted as ignored.
struct FacebookMessenger {
    let context: IngestContext

    func read(_ event: JSONValue, at path: String, pageID entryPage: String?, records: inout FacebookRecords,
              into batch: inout NormalisedBatch) {
        if event.objectValue == nil {
            records.read(event, at: path, id: nil, into: &batch) {
                throw FieldProblem(field: "(record)", reason: "expected a Messenger event object, got \(event.jsonText.prefix(40))")
            }
        } else if let message = event["message"] {
            records.read(event, at: path, id: message["mid"]?.stringValue, into: &batch) {
                FacebookOutcome(events: [try self.message(event, message: message, entryPage: entryPage)])
            }
        } else if let edit = event["message_edit"] {
            records.read(event, at: path, id: edit["mid"]?.stringValue, into: &batch) {
                FacebookOutcome(events: [try self.edit(event, edit: edit, entryPage: entryPage)])
            }
        } else {
            let name = ["read", "delivery", "postback", "reaction", "optin", "referral"].first { event[$0] != nil } ?? "other"
            records.ignore("messenger \(name) events")
        }
    }

    /// Who the Page is and who the resident is in one message; the Graph conversations reader
    /// settles it from the message's `from` and `to`.
    struct Parties {
        var pageID: String
        var residentID: String
        var fromPage: Bool
    }

    private func parties(_ event: JSONValue, echo: Bool, entryPage: String?) throws -> Parties {
        guard let sender = event["sender"]?["id"]?.idString else { throw FieldProblem.missing("sender.id") }
        guard let recipient = event["recipient"]?["id"]?.idString else { throw FieldProblem.missing("recipient.id") }
        // The echo flag says who wrote it; a Page id in the entry settles a delivery without one.
        let fromPage = echo || sender == entryPage
        return Parties(pageID: fromPage ? sender : recipient, residentID: fromPage ? recipient : sender, fromPage: fromPage)
    }

    private func message(_ event: JSONValue, message: JSONValue, entryPage: String?) throws -> EngagementEvent {
        let mid = try message.requiredID("mid")
        let echo = message["is_echo"]?.boolValue == true
        let parties = try parties(event, echo: echo, entryPage: entryPage)
        var details: [String: JSONValue] = [:]
        let attachments = (message["attachments"]?.arrayValue ?? []).compactMap { $0["type"]?.stringValue }
        if !attachments.isEmpty { details["attachments"] = .array(attachments.map(JSONValue.string)) }
        return try makeEvent(event, parties: parties, sourceID: mid, kind: parties.fromPage ? .reply : .inboundMessage,
                             parentID: message["reply_to"]?["mid"]?.stringValue, text: message["text"]?.stringValue, details: details)
    }

    private func edit(_ event: JSONValue, edit: JSONValue, entryPage: String?) throws -> EngagementEvent {
        let mid = try edit.requiredID("mid")
        let parties = try parties(event, echo: false, entryPage: entryPage)
        let count = edit["num_edit"]?.idString ?? "1"
        return try makeEvent(event, parties: parties, sourceID: "\(mid):edited#\(count)", kind: .edit, parentID: mid,
                             text: edit["text"]?.stringValue, details: ["verb": .string("edited")])
    }

    private func makeEvent(_ event: JSONValue, parties: Parties, sourceID: String, kind: EventKind, parentID: String?,
                           text: String?, details: [String: JSONValue]) throws -> EngagementEvent {
        guard let raw = event["timestamp"] else { throw FieldProblem.missing("timestamp") }
        let at = try EventTime.read(raw, field: "timestamp", parse: FacebookIDs.epochDate)
        return messageEvent(parties: parties, sourceID: sourceID, kind: kind, parentID: parentID, at: at, text: text, details: details)
    }

    /// A Messenger message as an event, however it arrived (webhook or Graph `/conversations`): the
    /// same message gives the same event id, conversation and parties either way.
    func messageEvent(parties: Parties, sourceID: String, kind: EventKind, parentID: String?, at: Date,
                      text: String?, details: [String: JSONValue]) -> EngagementEvent {
        let platform = FacebookClassifier.platform
        let account = context.config.account(platform: platform, userID: parties.pageID, handle: nil)
        let resident = context.hasher.hash(platform: platform, userID: parties.residentID)
        let actor = parties.fromPage ? parties.pageID : parties.residentID
        return EngagementEvent(
            platform: platform, sourceType: "message", sourceID: sourceID, org: context.config.org, channel: "messenger",
            account: account?.id ?? "unknown",
            service: parties.fromPage ? account?.service ?? PipelineConfig.unassigned : context.service(for: account, text: text),
            kind: kind, conversationID: "messenger:\(parties.pageID):\(FacebookIDs.hex(resident))", parentID: parentID,
            actorHash: context.actorHash(platform: platform, userID: actor), actorIsOrg: parties.fromPage,
            addresseeHash: parties.fromPage && kind == .reply ? resident : nil,
            occurredAt: at, text: text, details: details
        )
    }
}
