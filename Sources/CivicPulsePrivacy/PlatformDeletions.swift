import CivicPulseCore
import Foundation
import Postgres

/// Deletions carried through (docs/privacy.md, "Platform deletions"): once a platform says a
/// resident's message was deleted, its text and link become unreadable as `forget` makes them
/// (the key destroyed, a tombstone keeping the keyword-urgency verdict), whichever of the message
/// and its `delete` is logged first. The log itself, and so every figure, is left as it was.
///
/// Every version of the message goes: its own event, its corrections (which carry its link) and
/// every change naming it (an edit's new text, a hide's or removal's link). Hides and edits alone
/// destroy nothing: a hidden message can be unhidden, and an edited one is still on the platform.
public enum PlatformDeletions {
    /// A message as its platform names it: what a change names as its parent, and what the
    /// message's own event id is derived from (``EventID``).
    public struct Message: Hashable, Sendable {
        public let platform: String
        public let sourceType: String
        public let sourceID: String
        /// The message's own event id, derived once where the message is named: ingest names a
        /// piece's messages on the thread that read it, and deriving each id (a SHA-256) on the
        /// appending thread was 2 % of the client's CPU in series with the server (docs/performance.md).
        let eventID: UUID

        public init(platform: String, sourceType: String, sourceID: String) {
            self.platform = platform
            self.sourceType = sourceType
            self.sourceID = sourceID
            eventID = EventID.derive(platform: platform, sourceType: sourceType, sourceID: sourceID)
        }

        /// The message `event` is a version of: the one a change names, or its own (a correction
        /// keeps its event's platform ids). Nil for a change that names none.
        public init?(of event: EngagementEvent) {
            if Self.changes.contains(event.kind) {
                guard let parent = event.parentID else { return nil }
                self.init(platform: event.platform, sourceType: event.sourceType, sourceID: parent)
            } else {
                self.init(platform: event.platform, sourceType: event.sourceType, sourceID: event.sourceID)
            }
        }

        /// The kinds that name the message they act on as their parent.
        static let changes: Set<EventKind> = [.edit, .delete, .hide, .unhide]
    }

    /// The messages `events` are versions of, or delete, that a deletion can be carried to: only a
    /// delete or a resident's sealed message can find something to destroy. Named where a piece is
    /// read, so that the thread that appends it only sends them.
    public static func messages(in events: [EngagementEvent]) -> Set<Message> {
        Set(events.filter { $0.kind == .delete || (!$0.actorIsOrg && ($0.text != nil || $0.url != nil)) }.compactMap(Message.init(of:)))
    }

    /// Destroys, in the caller's transaction, every key still readable of a version of one of
    /// `messages` (named by ``messages(in:)``) whose `delete` is in the log (this append's
    /// included), each keeping the urgency `judge` finds in its text; records them in the
    /// register (scope `platform_delete`) and returns how many keys were destroyed.
    ///
    /// Run after the events and their keys are written, and under ``holdOffDeletes`` or
    /// ``deletesOneAtATime``: whichever of a message and its delete commits second then sees the
    /// other.
    public static func carry(_ messages: Set<Message>, judge: Erasure.Judge, on connection: Connection) throws -> Int {
        guard !messages.isEmpty else { return 0 }
        let verdicts = try MessageKeys.verdicts(.prepared(versions(of: messages)), judge: judge, on: connection)
        let destroyed = try MessageKeys.destroy(verdicts, on: connection)
        if !destroyed.isEmpty {
            try ErasureRegister.record(.platformDelete, reapplied: false, outcome: ErasureOutcome(messages: destroyed.count), on: connection)
        }
        return destroyed.count
    }

    /// Each version of those of `messages` that a logged `delete` names whose key is still
    /// readable: its event id, key, body, time and service.
    private static func versions(of messages: Set<Message>) -> Query {
        """
        WITH \(versionsCTE(of: messages))
        SELECT k.event_id, k.key, e.body, e.occurred_at, e.service
        FROM versions v JOIN privacy.message_keys k USING (event_id) JOIN civicpulse.events e USING (event_id)
        WHERE k.key IS NOT NULL
        """
    }

    /// `versions (event_id)`: every version of those of `messages` that a logged `delete` names.
    /// The messages go in binary (``BinaryArray``): every resident message of every append is
    /// one, and their text arrays were parsed by the server character by character.
    private static func versionsCTE(of messages: Set<Message>) -> Query {
        let list = Array(messages)
        return """
            named (platform, source_type, source_id, event_id) AS (
                SELECT * FROM unnest(\(BinaryArray(list.map(\.platform))), \(BinaryArray(list.map(\.sourceType))),
                                     \(BinaryArray(list.map(\.sourceID))), \(BinaryArray(list.map(\.eventID))))
            ), deleted AS (
                SELECT * FROM named m WHERE EXISTS (
                    SELECT 1 FROM civicpulse.events d
                    WHERE d.kind = 'delete' AND d.platform = m.platform AND d.parent_id = m.source_id AND d.source_type = m.source_type)
            ), versions (event_id) AS (
                SELECT event_id FROM deleted
                UNION SELECT e.event_id FROM deleted m JOIN civicpulse.events e
                    ON e.kind = 'correction' AND e.details ->> 'corrects' = m.event_id::text
                UNION SELECT e.event_id FROM deleted m JOIN civicpulse.events e
                    ON e.kind IN ('edit', 'delete', 'hide', 'unhide') AND e.platform = m.platform AND e.parent_id = m.source_id
                       AND e.source_type = m.source_type
            )
            """
    }

    /// Taken by every append that stores keys, before it stores them (one statement to send
    /// with the append's first): an append holding it and one holding ``deletesOneAtATime`` wait
    /// for each other, so a message and its delete appended at once by two ingests are never
    /// both committed with the key readable, each having looked before the other committed.
    public static let holdOffDeletes = "SELECT pg_advisory_xact_lock_shared(\(lockKey))"
    /// Taken by an append that holds a `delete`, before it stores anything.
    public static let deletesOneAtATime = "SELECT pg_advisory_xact_lock(\(lockKey))"
    /// The advisory lock's key: "cpdel" in ASCII, unlikely to meet another's.
    private static let lockKey: Int64 = 0x63_70_64_65_6c
}
