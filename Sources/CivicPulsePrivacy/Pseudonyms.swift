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

    /// The pseudonym of `hash`. A value that is a pseudonym already (a correction made from events
    /// already mapped) is its own.
    public func callAsFunction(_ hash: Data?) -> Data? {
        hash.map { byLookup[$0] ?? $0 }
    }

    /// Residents' keyed hashes made ready to resolve on the thread that read their events: each
    /// in hex with a fresh random pseudonym drawn in case it is new, sorted, so that two ingests
    /// allocating the same residents take their rows in the same order (by hex, which sorts as the
    /// bytes do, and faster than comparing `Data`). Done on the appending thread, this was part of
    /// the work it does in series with the server (docs/performance.md).
    public struct Lookups: Sendable {
        fileprivate struct Entry: Sendable {
            let hex: String
            let lookup: Data
            let fresh: String
        }

        fileprivate let entries: [Entry]

        public init(_ hashes: Set<Data>) {
            entries = hashes.map { Entry(hex: $0.lowercaseHex, lookup: $0, fresh: MessageCipher.newKey().lowercaseHex) }
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

    /// The pseudonyms of `lookups`, allocating those not seen before, in the caller's transaction.
    ///
    /// The new ones are inserted plainly first, in a savepoint: `ON CONFLICT DO NOTHING` makes
    /// every insert a speculative one, which costs the server more, and is needed only when
    /// another ingest allocates one of the same residents at the same time. When the unique index
    /// refuses one, the savepoint is rolled back and the statement run again with it, waiting for
    /// the other ingest and taking its pseudonym, then reading those allocated since this
    /// statement's snapshot.
    public static func resolve(_ lookups: Lookups, on connection: Connection) throws -> Pseudonyms {
        guard !lookups.entries.isEmpty else { return Pseudonyms(byLookup: [:]) }
        try connection.execute("SAVEPOINT civicpulse_pseudonyms")
        do {
            let found = try pairs(connection.query(allocating(lookups, takingOthers: false)))
            try connection.execute("RELEASE SAVEPOINT civicpulse_pseudonyms")
            return Pseudonyms(byLookup: found)
        } catch let error as PostgresError where error.sqlState == "23505" {
            try connection.execute("ROLLBACK TO SAVEPOINT civicpulse_pseudonyms; RELEASE SAVEPOINT civicpulse_pseudonyms")
        }
        var found = try pairs(connection.query(allocating(lookups, takingOthers: true)))
        let missing = lookups.entries.filter { found[$0.lookup] == nil }.map(\.hex)
        if !missing.isEmpty {
            // Allocated by an ingest that committed after this statement's snapshot was taken.
            found.merge(try pairs(connection.query("""
                SELECT lookup, pseudonym FROM privacy.residents WHERE lookup = ANY(ARRAY(SELECT decode(l, 'hex') FROM unnest(\(missing)::text[]) AS m(l)))
                """)), uniquingKeysWith: { first, _ in first })
        }
        guard found.count == lookups.entries.count else {
            throw Failure(description: "another ingest was allocating the same residents' pseudonyms; run the ingest again")
        }
        return Pseudonyms(byLookup: found)
    }

    /// Reads the residents of `lookups` already known and inserts the others with their fresh
    /// pseudonyms; `takingOthers`, skips those another ingest inserted meanwhile.
    ///
    /// The known are read by the primary key (`= ANY` of an array), and only the others inserted:
    /// joined with the given lookups, the table was read whole whenever its statistics were behind
    /// (every file of a first ingest), and every known resident went through a conflicting insert;
    /// the two made this statement half of ingest's server time (docs/performance.md).
    private static func allocating(_ lookups: Lookups, takingOthers: Bool) -> Query {
        """
        WITH given AS (
            SELECT decode(l, 'hex') AS lookup, decode(p, 'hex') AS pseudonym, n
            FROM unnest(\(lookups.entries.map(\.hex))::text[], \(lookups.entries.map(\.fresh))::text[]) WITH ORDINALITY AS g(l, p, n)
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
