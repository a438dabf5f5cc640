import CivicPulseCore
import Foundation
import Postgres

/// Residents' pseudonyms for a batch of events: what the log stores in `actor_hash` and
/// `addressee_hash` in place of the keyed hash a reader computed (docs/privacy.md).
///
/// A pseudonym is random, allocated the first time a hash is seen and kept in `privacy.residents`;
/// `forget` deletes that row, so the resident's next message gets a new pseudonym and nothing
/// joins it to the old ones.
public struct Pseudonyms: Sendable {
    private let byLookup: [Data: Data]

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A pseudonym an erasure unlinked, and when: a resident's events sent before then are logged
    /// under it (``ErasedMessages``).
    public struct Until: Sendable, Equatable {
        public let at: Date
        let pseudonym: Data
    }

    /// The residents (keyed hashes) a listed erased message is by, with the pseudonym they had
    /// until each erasure of theirs, oldest first.
    public typealias Erased = [Data: [Until]]

    /// Residents whose events sent before an erasure keep the pseudonym it unlinked.
    private var erased: Erased = [:]

    /// The pseudonym of `hash`. A value that is a pseudonym already (a correction made from events
    /// already mapped) is its own.
    public func callAsFunction(_ hash: Data?) -> Data? {
        hash.map { byLookup[$0] ?? $0 }
    }

    /// The pseudonym of `hash` in an event sent at `sent`: the one an erasure unlinked when the
    /// event was sent before it, else as above.
    public func callAsFunction(_ hash: Data?, sent: Date) -> Data? {
        if let hash, let until = erased[hash]?.first(where: { sent < $0.at }) { return until.pseudonym }
        return self(hash)
    }


    /// These pseudonyms, with `erased` residents' events before their erasures under their old pseudonyms.
    public func keeping(_ erased: Erased) -> Pseudonyms {
        var kept = self
        kept.erased = erased
        return kept
    }

    /// Unlinks the pseudonyms `hex` from their residents, with the residents' handles, in the
    /// caller's transaction; returns the residents' keyed hashes.
    static func unlink(_ hex: [String], on connection: Connection) throws -> [Data] {
        guard !hex.isEmpty else { return [] }
        let lookups = try connection.query("""
            DELETE FROM privacy.residents WHERE pseudonym = ANY(ARRAY(SELECT decode(p, 'hex') FROM unnest(\(hex)::text[]) AS u(p)))
            RETURNING lookup
            """).map { try $0.decode(Data.self, 0) }
        try ResidentHandles.drop(of: lookups, on: connection)
        return lookups
    }

    /// Residents' keyed hashes made ready to resolve on the thread that read their events: each
    /// with a fresh random pseudonym drawn in case it is new, sorted, so that two ingests
    /// allocating the same residents take their rows in the same order (by hex, which sorts as the
    /// bytes do, and faster than comparing `Data`). Done on the appending thread, this was part of
    /// the work it does in series with the server (docs/performance.md).
    public struct Lookups: Sendable {
        fileprivate struct Entry: Sendable {
            let hex: String
            let lookup: Data
            let fresh: Data
        }

        fileprivate let entries: [Entry]
        /// A pseudonym's bytes: 256 random bits, unguessable and never meeting another's.
        static let pseudonymCount = 32

        /// The candidates are drawn in one call for all of `hashes` (``RandomBytes``: as random,
        /// and as independent of each other, as drawn one by one).
        public init(_ hashes: Set<Data>) {
            var random = RandomBytes(count: hashes.count * Lookups.pseudonymCount)
            entries = hashes.map { Entry(hex: $0.lowercaseHex, lookup: $0, fresh: random.take(Lookups.pseudonymCount)) }
                .sorted { $0.hex < $1.hex }
        }

        /// Several batches' lookups as one, each hash once (serve's group commit).
        public init(merging batches: [Lookups]) {
            guard batches.count > 1 else {
                entries = batches.first?.entries ?? []
                return
            }
            var seen = Set<Data>()
            entries = batches.flatMap(\.entries).filter { seen.insert($0.lookup).inserted }.sorted { $0.hex < $1.hex }
        }
    }

    /// The pseudonyms of `lookups`, allocating those not seen before, in the caller's transaction;
    /// then runs `following`, statements that need nothing of the answer (a file's handles, the
    /// append's lock and savepoint), sent with it in one round trip (``Connection/pipeline(_:)``):
    /// each round trip is time the server and the appending thread spend waiting for each other,
    /// in series with the rest of the file (docs/performance.md).
    ///
    /// The new ones are inserted plainly first, in a savepoint: `ON CONFLICT DO NOTHING` makes
    /// every insert a speculative one, which costs the server more, and is needed only when
    /// another ingest allocates one of the same residents at the same time. When the unique index
    /// refuses one, the savepoint is rolled back and the statement run again with it, waiting for
    /// the other ingest and taking its pseudonym, then reading those allocated since this
    /// statement's snapshot; `following` is run after that. None of `following` may be refused by
    /// a unique index: that refusal would be taken for the residents'.
    public static func resolve(_ lookups: Lookups, then following: [Query] = [], on connection: Connection) throws -> Pseudonyms {
        guard !lookups.entries.isEmpty else {
            if !following.isEmpty { _ = try connection.pipeline(following) }
            return Pseudonyms(byLookup: [:])
        }
        do {
            let rows = try connection.pipeline([
                "SAVEPOINT civicpulse_pseudonyms", allocating(lookups, takingOthers: false), "RELEASE SAVEPOINT civicpulse_pseudonyms",
            ] + following)
            return Pseudonyms(byLookup: try pairs(rows[1]))
        } catch let error as PostgresError where error.sqlState == "23505" {
            try connection.execute("ROLLBACK TO SAVEPOINT civicpulse_pseudonyms; RELEASE SAVEPOINT civicpulse_pseudonyms")
        }
        var found = try pairs(connection.query(allocating(lookups, takingOthers: true)))
        let missing = lookups.entries.filter { found[$0.lookup] == nil }.map(\.lookup)
        if !missing.isEmpty {
            // Allocated by an ingest that committed after this statement's snapshot was taken.
            found.merge(try pairs(connection.query("""
                SELECT lookup, pseudonym FROM privacy.residents WHERE lookup = ANY(\(BinaryArray(missing)))
                """)), uniquingKeysWith: { first, _ in first })
        }
        guard found.count == lookups.entries.count else {
            throw Failure(description: "another ingest was allocating the same residents' pseudonyms; run the ingest again")
        }
        if !following.isEmpty { _ = try connection.pipeline(following) }
        return Pseudonyms(byLookup: found)
    }

    /// Reads the residents of `lookups` already known and inserts the others with their fresh
    /// pseudonyms; `takingOthers`, skips those another ingest inserted meanwhile.
    ///
    /// The known are read by the primary key (`= ANY` of an array), and only the others inserted:
    /// joined with the given lookups, the table was read whole whenever its statistics were behind
    /// (every file of a first ingest), and every known resident went through a conflicting insert;
    /// the two made this statement half of ingest's server time (docs/performance.md). The hashes
    /// and candidates are sent in binary (``BinaryArray``), not as hex the server parses.
    private static func allocating(_ lookups: Lookups, takingOthers: Bool) -> Query {
        """
        WITH given AS (
            SELECT lookup, pseudonym, n
            FROM unnest(\(BinaryArray(lookups.entries.map(\.lookup))), \(BinaryArray(lookups.entries.map(\.fresh)))) WITH ORDINALITY AS g(lookup, pseudonym, n)
        ), known AS (
            SELECT lookup, pseudonym FROM privacy.residents WHERE lookup = ANY(ARRAY(SELECT lookup FROM given))
        ), added AS (
            INSERT INTO privacy.residents (lookup, pseudonym)
            SELECT lookup, pseudonym FROM given WHERE lookup NOT IN (SELECT lookup FROM known) ORDER BY n
            \(unescaped: takingOthers ? "ON CONFLICT (lookup) DO NOTHING" : "")
            RETURNING lookup, pseudonym
        )
        SELECT lookup, pseudonym FROM added
        UNION ALL
        SELECT lookup, pseudonym FROM known
        """
    }

    /// The pseudonym the resident whose keyed hash is `lookup` is linked to now; nil for a
    /// resident never seen, or forgotten.
    public static func linked(to lookup: Data, on connection: Connection) throws -> Data? {
        try connection.query("SELECT pseudonym FROM privacy.residents WHERE lookup = \(lookup)").first?.decode(Data.self, 0)
    }

    /// Whether any resident is linked: whether anything in the database was ever hashed with an
    /// actor key.
    public static func anyLinked(on connection: Connection) throws -> Bool {
        try connection.query("SELECT EXISTS (SELECT 1 FROM privacy.residents)")[0].decode(Bool.self, 0)
    }

    private static func pairs(_ rows: Rows) throws -> [Data: Data] {
        var pairs: [Data: Data] = [:]
        for row in rows { pairs[try row.decode(Data.self, 0)] = try row.decode(Data.self, 1) }
        return pairs
    }
}

extension Pseudonyms.Erased {
    /// Whether an event of `hash` sent at `sent` keeps a pseudonym an erasure unlinked: its
    /// author's handle is then not linked to them again.
    public func keep(_ hash: Data, sent: Date) -> Bool {
        self[hash]?.contains { sent < $0.at } ?? false
    }
}
