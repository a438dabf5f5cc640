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
    /// Blanks the quarantined records that name the resident, returning their ids (the
    /// quarantine's owner, `CivicPulseStore`, does it; this module cannot depend on it).
    public typealias QuarantineSearch = () throws -> [Int64]
    /// Blanks these quarantined records again, returning how many were not blank yet.
    public typealias QuarantineIDs = ([Int64]) throws -> Int
    /// Takes the resident out of the fetch/serve archive files, knowing the events whose keys the
    /// erasure destroyed and, unless this is a reapplication, their keyed hash; returns how many
    /// files it rewrote (the archive's owner, `CivicPulseFetch`, does it).
    public typealias ArchiveSearch = (_ messages: Set<UUID>, _ lookup: Data?) throws -> Int

    /// Forgets the resident whose keyed hash is `lookup`, in the caller's transaction: every
    /// message of theirs still readable becomes unreadable, keeping the urgency `judge` finds in
    /// it now, their pseudonym is unlinked, and the register records it (no projection holds a
    /// message's text or link: reports read links from the log, `MessageLinks`). Quarantined
    /// records naming them are blanked (`quarantine`), and so are the archive files that hold them
    /// (`archive`, after the register's entry is on disk, so a crash between the two leaves an
    /// entry `reapply` finishes), even for a resident none of whose messages reached the log.
    /// A resident with nothing held (never seen, or forgotten already) is not registered.
    public static func forget(lookup: Data?, judge: Judge, quarantine: QuarantineSearch, archive: ArchiveSearch,
                              register: ErasureRegister, on connection: Connection) throws -> ErasureOutcome {
        try holdOffIngests(on: connection)
        let quarantined = try quarantine()
        guard let pseudonym = try lookup.flatMap({ try Pseudonyms.linked(to: $0, on: connection) }) else {
            let entry = ErasureEntry(at: Date(), scope: .resident, pseudonyms: [], messages: [:], quarantined: quarantined)
            let files = try archive([], lookup)
            guard !quarantined.isEmpty || files > 0 else { return ErasureOutcome() }
            try register.append(entry)
            return try apply(entry, reapplied: false, quarantined: quarantined.count, archiveFiles: files, on: connection)
        }
        let verdicts = try MessageKeys.verdicts("""
            SELECT k.event_id, k.key, e.body, e.occurred_at, e.service
            FROM privacy.message_keys k JOIN civicpulse.events e USING (event_id)
            WHERE k.pseudonym = \(pseudonym) AND k.key IS NOT NULL
            """, judge: judge, on: connection)
        let messages = Dictionary(uniqueKeysWithValues: verdicts.map { ($0.key.uuidString.lowercased(), $0.value) })
        let entry = ErasureEntry(at: Date(), scope: .resident, pseudonyms: [pseudonym.lowercaseHex], messages: messages, quarantined: quarantined)
        try register.append(entry)
        let files = try archive(Set(verdicts.keys), lookup)
        return try apply(entry, reapplied: false, quarantined: quarantined.count, archiveFiles: files, on: connection)
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
    /// so running it twice does nothing the second time. The archive is searched once for every
    /// entry's messages (a walk of it per entry would read every file again), and a pass that
    /// rewrote files is registered as one more reapplied row.
    public static func reapply(_ register: ErasureRegister, blank: QuarantineIDs, archive: ArchiveSearch, on connection: Connection) throws -> ErasureOutcome {
        let entries = try register.entries()
        try holdOffIngests(on: connection)
        let total = try entries.reduce(ErasureOutcome()) { total, entry in
            total + (try apply(entry, reapplied: true, quarantined: try blank(entry.quarantined ?? []), archiveFiles: 0, on: connection))
        }
        let residents = entries.filter { $0.scope == .resident }
        let files = try archive(Set(residents.flatMap { $0.verdicts?.keys.map { $0 } ?? [] }), nil)
        guard files > 0 else { return total }
        let pass = ErasureOutcome(archiveFiles: files)
        try ErasureRegister.record(.resident, reapplied: true, outcome: pass, on: connection)
        return total + pass
    }

    /// Unlinks the entry's pseudonyms, destroys its messages' keys and records what was done, with
    /// the `quarantined` records blanked and the `archiveFiles` rewritten (a reapplication only
    /// when it did something).
    private static func apply(_ entry: ErasureEntry, reapplied: Bool, quarantined: Int, archiveFiles: Int, on connection: Connection) throws -> ErasureOutcome {
        // After a restore, the days the backup lacked are ingested again, and a message this
        // entry erased comes back under a new pseudonym linked to its author: that one goes too.
        let carried = reapplied ? try MessageKeys.pseudonyms(of: Array((entry.verdicts ?? [:]).keys), on: connection) : []
        let pseudonyms = Array(Set(entry.pseudonyms + carried.map(\.lowercaseHex)))
        let unlinked = try Pseudonyms.unlink(pseudonyms, on: connection)
        // Entries are checked as they are read (`ErasureRegister.entries`) or made here.
        let destroyed = try MessageKeys.destroy(entry.verdicts ?? [:], on: connection)
        let outcome = ErasureOutcome(messages: destroyed.count, residents: unlinked.count, quarantined: quarantined, archiveFiles: archiveFiles)
        if !reapplied || outcome != ErasureOutcome() {
            try ErasureRegister.record(entry.scope, reapplied: reapplied, outcome: outcome, on: connection)
        }
        return outcome
    }
}
