import CivicPulseCore
import CivicPulsePrivacy
import Foundation
import Postgres

/// An event as the processor reads it back from the log: the fields projections use.
struct LoggedEvent: Sendable {
    /// The fields, in one box that copies of the event share until one of them changes a field:
    /// the projections copy events as they pass them on, and a copy of fifteen reference-counted
    /// fields, each retained and then released, was 9 % of a rebuild's samples (docs/performance.md).
    private var box: Box

    /// An event's fields, as the log gives them.
    struct Fields: Sendable {
        var txID: String
        var position: Int64
        var eventID: UUID
        var org: String
        var platform: String
        /// What the platform calls the record (`video`, `comment`, …): the YouTube projection names a
        /// video after its `video` record.
        var sourceType: String
        var channel: String
        var account: String
        var service: String
        /// Nil for a kind this build does not know (written by a newer version): projections skip it.
        var kind: EventKind?
        var conversationID: String?
        var parentID: String?
        var sourceID: String
        var actorHash: Data?
        var actorIsOrg: Bool
        var addresseeHash: Data?
        var occurredAt: Date
        /// The text in plain: opened with the message's key when it was sealed, nil once that key
        /// is destroyed (docs/privacy.md). Not the link: no projection keeps one, reports read it
        /// from the log (`MessageLinks`), so the processor opens one cipher a message, not two.
        var text: String?
        /// For a message whose key was destroyed, whether its text held an urgent keyword as judged then.
        var erasedKeywordUrgent: Bool?
        /// The details JSON, only where a projection reads it: metric readings, corrections, and the
        /// org's own messages with an impression count. Sending every event's details as text was half of the
        /// server's time for reading a batch (1.6 s → 0.8 s for 300k events), for the 2% that use them.
        var details: String?
        /// The listening topics the reader tagged the message with (`details.topics`), as a text
        /// array from the server: three projections ask for them, and parsing each event's details
        /// JSON for them was a tenth of the processor's CPU.
        var topics: [String]
        /// For a correction, the event it corrects: this event is that one as now known.
        var correction: EventCorrection.Target?
        /// The video a YouTube comment is on (`details.video_id`), sent alone as the topics are.
        var videoID: String?
    }

    /// Shared by copies of one event; written only when no other copy holds it (`write`), so
    /// that no two threads ever see it change.
    private final class Box: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }

    init(_ fields: Fields) {
        box = Box(fields)
    }

    /// Changes a field, in a box of this event's own.
    private mutating func write(_ change: (inout Fields) -> Void) {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
        change(&box.fields)
    }

    var txID: String { get { box.fields.txID } set { write { $0.txID = newValue } } }
    var position: Int64 { get { box.fields.position } set { write { $0.position = newValue } } }
    var eventID: UUID { get { box.fields.eventID } set { write { $0.eventID = newValue } } }
    var org: String { get { box.fields.org } set { write { $0.org = newValue } } }
    var platform: String { get { box.fields.platform } set { write { $0.platform = newValue } } }
    var sourceType: String { get { box.fields.sourceType } set { write { $0.sourceType = newValue } } }
    var channel: String { get { box.fields.channel } set { write { $0.channel = newValue } } }
    var account: String { get { box.fields.account } set { write { $0.account = newValue } } }
    var service: String { get { box.fields.service } set { write { $0.service = newValue } } }
    var kind: EventKind? { get { box.fields.kind } set { write { $0.kind = newValue } } }
    var conversationID: String? { get { box.fields.conversationID } set { write { $0.conversationID = newValue } } }
    var parentID: String? { get { box.fields.parentID } set { write { $0.parentID = newValue } } }
    var sourceID: String { get { box.fields.sourceID } set { write { $0.sourceID = newValue } } }
    var actorHash: Data? { get { box.fields.actorHash } set { write { $0.actorHash = newValue } } }
    var actorIsOrg: Bool { get { box.fields.actorIsOrg } set { write { $0.actorIsOrg = newValue } } }
    var addresseeHash: Data? { get { box.fields.addresseeHash } set { write { $0.addresseeHash = newValue } } }
    var occurredAt: Date { get { box.fields.occurredAt } set { write { $0.occurredAt = newValue } } }
    var text: String? { get { box.fields.text } set { write { $0.text = newValue } } }
    var erasedKeywordUrgent: Bool? { get { box.fields.erasedKeywordUrgent } set { write { $0.erasedKeywordUrgent = newValue } } }
    var details: String? { get { box.fields.details } set { write { $0.details = newValue } } }
    var topics: [String] { get { box.fields.topics } set { write { $0.topics = newValue } } }
    var correction: EventCorrection.Target? { get { box.fields.correction } set { write { $0.correction = newValue } } }
    var videoID: String? { get { box.fields.videoID } set { write { $0.videoID = newValue } } }

    /// The text form of `tx_id` is named `tx_text`: named `tx_id`, it would be what
    /// `ORDER BY tx_id` sorts by, as text, and transaction 1000 would come before 999.
    static let columns = """
        tx_id::text AS tx_text, position, event_id, org, platform, channel, account, service, kind, conversation_id, source_id,
        actor_hash, actor_is_org, addressee_hash, occurred_at, body,
        CASE WHEN kind IN ('metric_snapshot', 'correction') OR (actor_is_org AND details -> 'public_metrics' ? 'impression_count') THEN details::text END,
        parent_id,
        CASE WHEN jsonb_typeof(details -> 'topics') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(details -> 'topics')) END,
        source_type, CASE WHEN channel = 'youtube' AND kind = 'comment' THEN details ->> 'video_id' END,
        \(MessageKeys.readColumns)
        """

    /// The log with each message's key, which ``columns`` reads.
    static let source = "civicpulse.events \(MessageKeys.readJoin)"
}

extension LoggedEvent {
    init(row: Row) throws {
        let kind = EventKind(rawValue: try row.decode(String.self, 8))
        let opened = OpenedMessage(body: try row.decode(String?.self, 15), url: nil,
                                   keyed: try row.decode(Bool.self, 21), key: try row.decode(Data?.self, 22),
                                   keywordUrgent: try row.decode(Bool?.self, 23))
        let details = try row.decode(String?.self, 16)
        self.init(Fields(
            txID: try row.decode(String.self, 0), position: try row.decode(Int64.self, 1), eventID: try row.decode(UUID.self, 2),
            org: try row.decode(String.self, 3), platform: try row.decode(String.self, 4), sourceType: try row.decode(String.self, 19),
            channel: try row.decode(String.self, 5), account: try row.decode(String.self, 6), service: try row.decode(String.self, 7),
            kind: kind, conversationID: try row.decode(String?.self, 9), parentID: try row.decode(String?.self, 17),
            sourceID: try row.decode(String.self, 10), actorHash: try row.decode(Data?.self, 11), actorIsOrg: try row.decode(Bool.self, 12),
            addresseeHash: try row.decode(Data?.self, 13), occurredAt: try row.decode(Date.self, 14),
            text: opened.text, erasedKeywordUrgent: opened.erasedKeywordUrgent, details: details,
            topics: try row.decode([String]?.self, 18) ?? [],
            correction: kind == .correction
                ? details.flatMap { try? JSONValue.parse(Data($0.utf8)) }?.objectValue.flatMap(EventCorrection.Target.init(details:))
                : nil,
            videoID: try row.decode(String?.self, 20)))
    }

    /// Whether the text holds an urgent keyword under `config`; for an erased message, the
    /// verdict kept when its key was destroyed, so a rebuild after an erasure keeps the figures.
    func keywordUrgent(_ config: PipelineConfig) -> Bool {
        erasedKeywordUrgent ?? config.isUrgent(text, at: occurredAt, service: service)
    }

    /// The corrected event as this correction says it now is: its id and kind, the correction's fields.
    var corrected: LoggedEvent? {
        guard let correction else { return nil }
        var event = self
        event.eventID = correction.eventID
        event.kind = correction.kind
        event.correction = nil
        event.details = nil
        return event
    }
}
