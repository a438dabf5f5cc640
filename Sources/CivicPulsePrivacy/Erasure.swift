import CivicPulseCore
import CivicPulseReadModel
import Foundation
import Postgres

/// Forgetting on an append-only log (docs/privacy.md): a resident's pseudonym is unlinked and
/// their messages' keys destroyed, so what the log keeps of them can no longer be read or joined
/// to them; the log itself is never changed, so a rebuild still equals incremental processing.
public enum Erasure {
    /// Whether a message's text holds an urgent keyword: its text, when it was sent, its service.
    public typealias Judge = (String?, Date, String) -> Bool

    /// Forgets the resident whose keyed hash is `lookup`, in the caller's transaction: every
    /// message of theirs still readable becomes unreadable, keeping the urgency `judge` finds in
    /// it now, their pseudonym is unlinked, projections lose those messages' links, and the
    /// register records it.
    /// A resident never seen (or forgotten already) changes nothing and is not registered.
    public static func forget(lookup: Data, judge: Judge, register: ErasureRegister, on connection: Connection) throws -> ErasureOutcome {
        try holdOffIngests(on: connection)
        guard let pseudonym = try Pseudonyms.linked(to: lookup, on: connection) else {
            return ErasureOutcome()
        }
        var messages: [String: Bool] = [:]
        for row in try connection.query("""
            SELECT k.event_id, k.key, e.body, e.occurred_at, e.service
            FROM privacy.message_keys k JOIN civicpulse.events e USING (event_id)
            WHERE k.pseudonym = \(pseudonym) AND k.key IS NOT NULL
            """) {
            let text = try row.decode(String?.self, 2).flatMap { MessageCipher.open($0, key: try row.decode(Data.self, 1)) }
            messages[try row.decode(UUID.self, 0).uuidString.lowercased()] = judge(text, try row.decode(Date.self, 3), try row.decode(String.self, 4))
        }
        let entry = ErasureEntry(at: Date(), scope: .resident, pseudonyms: [pseudonym.lowercaseHex], messages: messages)
        try register.append(entry)
        return try apply(entry, reapplied: false, on: connection)
    }

    /// Waits for every ingest that has looked up pseudonyms to commit, and holds new ones off
    /// until the erasure commits: an ingest between the two could otherwise store a message of
    /// the resident under their old pseudonym with a key the erasure never saw. (Every ingest's
    /// look-up inserts into `privacy.residents`, which takes the lock this one waits for.)
    private static func holdOffIngests(on connection: Connection) throws {
        try connection.execute("LOCK TABLE privacy.residents IN SHARE MODE")
    }

    /// Applies again every erasure the register file lists, in the caller's transaction: after a
    /// restore from a backup taken before some of them. What is already erased stays as it is,
    /// so running it twice does nothing the second time.
    public static func reapply(_ register: ErasureRegister, on connection: Connection) throws -> ErasureOutcome {
        let entries = try register.entries()
        try holdOffIngests(on: connection)
        return try entries.reduce(ErasureOutcome()) { total, entry in
            total + (try apply(entry, reapplied: true, on: connection))
        }
    }

    /// Unlinks the entry's pseudonyms, destroys its messages' keys, clears their links in the
    /// projections and records what was done (a reapplication only when it did something).
    private static func apply(_ entry: ErasureEntry, reapplied: Bool, on connection: Connection) throws -> ErasureOutcome {
        let pseudonyms = entry.pseudonyms
        let unlinked = pseudonyms.isEmpty ? 0 : try connection.query("""
            DELETE FROM privacy.residents WHERE pseudonym = ANY(ARRAY(SELECT decode(p, 'hex') FROM unnest(\(pseudonyms)::text[]) AS u(p)))
            """).affectedRows
        try ResidentHandles.dropUnlinked(on: connection)
        // Entries are checked as they are read (`ErasureRegister.entries`) or made here.
        let destroyed = try MessageKeys.destroy(entry.verdicts ?? [:], on: connection)
        let outcome = ErasureOutcome(messages: destroyed.count, residents: unlinked,
                                     projectionRows: try ErasedLinks.clear(destroyed, on: connection))
        if !reapplied || outcome != ErasureOutcome() {
            try ErasureRegister.record(entry.scope, reapplied: reapplied, outcome: outcome, on: connection)
        }
        return outcome
    }
}
