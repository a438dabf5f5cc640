import Foundation
import Postgres

/// A logged message's platform id and link, as a report lists it beside the item it opened.
public struct MessageLink: Sendable, Equatable {
    public var sourceID: String
    /// Nil when the message has none, or once its key is destroyed.
    public var url: String?

    public init(sourceID: String, url: String?) {
        self.sourceID = sourceID
        self.url = url
    }
}

/// Reads messages' links from the log when a report lists them, rather than from a copy in the
/// projections: no projection keeps a resident's link, so an erasure (`forget`, retention, a
/// platform's deletion) has none to clear and none that a processor batch in flight could write
/// back, and a response item's row is 97 bytes shorter (docs/performance.md, "Links read from
/// the log"). A link sealed under a destroyed key opens to nothing; the platform id stays.
public enum MessageLinks {
    /// The links of the messages `eventIDs` that are in the log, each as its latest correction
    /// tells it (the processor's rule for a corrected message: `MessageLog.messages`), with the
    /// platform id the message was logged under. One query, by the log's unique event id and
    /// its corrections' index (`events_corrections`).
    public static func of(_ eventIDs: [UUID], on connection: Connection) throws -> [UUID: MessageLink] {
        guard !eventIDs.isEmpty else { return [:] }
        var links: [UUID: MessageLink] = [:]
        // Not `MessageKeys.readJoin` on the event each message is as now told: joining the log a
        // second time for it took 316 ms where this takes 116 for 6,885 items at 1M.
        for row in try connection.query("""
            SELECT e.event_id, e.source_id, CASE WHEN c.event_id IS NULL THEN e.url ELSE c.url END,
                   CASE WHEN c.event_id IS NULL THEN k.event_id IS NOT NULL ELSE c.keyed END,
                   CASE WHEN c.event_id IS NULL THEN k.key ELSE c.key END
            FROM civicpulse.events e
            LEFT JOIN privacy.message_keys k ON k.event_id = e.event_id
            LEFT JOIN LATERAL (
                SELECT c.event_id, c.url, ck.event_id IS NOT NULL AS keyed, ck.key
                FROM civicpulse.events c LEFT JOIN privacy.message_keys ck ON ck.event_id = c.event_id
                WHERE c.kind = 'correction' AND c.details ->> 'corrects' = e.event_id::text
                ORDER BY c.tx_id DESC, c.position DESC LIMIT 1
            ) c ON true
            WHERE e.event_id = ANY(\(BinaryArray(eventIDs)))
            """) {
            let opened = OpenedMessage(body: nil, url: try row.decode(String?.self, 2), keyed: try row.decode(Bool.self, 3),
                                       key: try row.decode(Data?.self, 4), keywordUrgent: nil)
            links[try row.decode(UUID.self, 0)] = MessageLink(sourceID: try row.decode(String.self, 1), url: opened.url)
        }
        return links
    }
}
