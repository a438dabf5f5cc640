import CivicPulseCore
import Foundation

/// A keyword-listening stream from any platform, as a listening tool exports it: JSON Lines (or a
/// JSON array, or one object) of `{"platform", "id", "author", "text", "time", "url"}`.
///
/// Each record is a `mention` of the place; one that @-mentions an org account of its platform is
/// an `inbound_message` to that account instead, as the platform's own reader would say. A tweet
/// keeps the id it has from the Twitter readers, so seeing it in both adds it once. Topics are
/// tagged afterwards for every reader (``TopicTagger``).
struct ListeningNormaliser: PayloadFormat {
    static let source = IngestSource.listening
    static let displayName = "keyword-listening stream"

    let context: IngestContext

    init(context: IngestContext) {
        self.context = context
    }

    static func recognises(_ document: JSONValue) -> Bool {
        let sample = document.arrayValue?.first ?? document
        return sample["platform"] != nil && sample["text"] != nil && sample["time"] != nil && sample["id"] != nil
    }

    func normalise(document: JSONValue, into batch: inout NormalisedBatch) {
        let records = document.arrayValue ?? [document]
        for (index, record) in records.enumerated() {
            normalise(record, index: index, path: document.arrayValue == nil ? "record" : "[\(index)]", into: &batch)
        }
    }

    func normalise(line record: JSONValue, lineNumber: Int, into batch: inout NormalisedBatch) {
        normalise(record, index: nil, path: "line \(lineNumber)", into: &batch)
    }

    private func normalise(_ record: JSONValue, index: Int?, path: String, into batch: inout NormalisedBatch) {
        batch.read(record, at: path, id: record["id"]?.idString, index: index) { [try event(record)] }
    }

    private func event(_ record: JSONValue) throws -> EngagementEvent {
        guard record.objectValue != nil else { throw FieldProblem(field: "(record)", reason: "expected an object") }
        let platform = try record.requiredID("platform").lowercased()
        guard platform != EventKind.derivedPlatform else {
            throw FieldProblem(field: "platform", reason: "'\(platform)' is the processor's own; no listening stream comes from it")
        }
        let id = try record.requiredID("id")
        let occurredAt = try record.requiredTime("time")
        guard let text = record["text"]?.stringValue else { throw FieldProblem(field: "text", reason: "expected a string") }
        let author = record["author"]?.idString
        let config = context.config
        let authorAccount = author.flatMap { config.account(platform: platform, userID: $0, handle: $0) }
        let addressed = TwitterTweet.handles(in: text).lazy.compactMap {
            config.account(platform: platform, userID: nil, handle: $0)
        }.first
        let kind: EventKind = authorAccount != nil ? .post : (addressed != nil ? .inboundMessage : .mention)
        let account = authorAccount ?? addressed
        return EngagementEvent(
            platform: platform, sourceType: platform == "twitter" ? "tweet" : "mention", sourceID: id,
            org: config.org, channel: platform, account: account?.id ?? "unknown",
            service: authorAccount?.service ?? (addressed == nil ? PipelineConfig.unassigned : context.service(for: addressed, text: text)),
            kind: kind, conversationID: id,
            actorHash: context.actorHash(platform: platform, userID: author), actorIsOrg: authorAccount != nil,
            occurredAt: occurredAt, text: text, url: record["url"]?.stringValue, details: ["via": .string("listening")]
        )
    }
}
