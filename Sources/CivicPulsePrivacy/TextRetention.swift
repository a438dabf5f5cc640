import CivicPulseReadModel
import Foundation
import Postgres

/// Retention of residents' words (docs/privacy.md, "Retention"): the text and link of every
/// resident's message sent before a cutoff become unreadable as `forget` makes them (key
/// destroyed, tombstone keeping the urgency verdict), so every figure stays as it was. The log
/// is untouched.
public enum TextRetention {
    /// What is past retention and still readable.
    public struct Due: Sendable, Equatable {
        public var messages: Int
        /// When the oldest of them was sent; nil when none is due.
        public var oldestSent: Date?
    }

    /// The residents' messages sent before `cutoff` whose text can still be read.
    public static func due(before cutoff: Date, on connection: Connection) throws -> Due {
        let row = try connection.query("""
            SELECT count(*), min(e.occurred_at) FROM privacy.message_keys k JOIN civicpulse.events e USING (event_id)
            WHERE k.key IS NOT NULL AND e.occurred_at < \(cutoff)
            """)[0]
        return Due(messages: try row.decode(Int.self, 0), oldestSent: try row.decode(Date?.self, 1))
    }

    /// Makes unreadable, in the caller's transaction, every resident's message sent before
    /// `cutoff`, each keeping the urgency `judge` finds in its text, takes their records out of
    /// the fetch/serve archive (`archive`, given the messages made unreadable now, before the
    /// transaction commits: a run that fails after it leaves the keys, and the next run does both
    /// again), and records the run in `privacy.erasures` (scope `retention`, counts only), even
    /// when nothing was due: the register then shows that retention runs.
    ///
    /// A second run at once waits for the first to commit (an advisory lock), then finds nothing
    /// left: safe from cron. With nothing due (most nights) it records the run and searches no
    /// archive. A message made due meanwhile (a backfill committing) is the next run's, as any
    /// backfill older than retention is.
    public static func apply(before cutoff: Date, judge: Erasure.Judge, archive: (Set<UUID>) throws -> Int,
                             on connection: Connection) throws -> ErasureOutcome {
        try connection.execute("SELECT pg_advisory_xact_lock(\(lockKey))")
        guard try due(before: cutoff, on: connection).messages > 0 else {
            let outcome = ErasureOutcome()
            try ErasureRegister.record(.retention, reapplied: false, outcome: outcome, on: connection)
            return outcome
        }
        let verdicts = try MessageKeys.verdicts("""
            SELECT k.event_id, k.key, e.body, e.occurred_at, e.service FROM privacy.message_keys k JOIN civicpulse.events e USING (event_id)
            WHERE k.key IS NOT NULL AND e.occurred_at < \(cutoff)
            """, judge: judge, on: connection)
        let destroyed = try MessageKeys.destroy(verdicts, on: connection)
        let outcome = ErasureOutcome(messages: destroyed.count, archiveFiles: try archive(Set(destroyed)))
        try ErasureRegister.record(.retention, reapplied: false, outcome: outcome, on: connection)
        return outcome
    }

    /// The advisory lock's key: "cpret" in ASCII.
    private static let lockKey: Int64 = 0x63_70_72_65_74
}
