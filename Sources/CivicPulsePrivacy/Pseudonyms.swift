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

    /// The pseudonyms of `lookups`, allocating those not seen before, in the caller's transaction,
    /// with one statement (a second only when a concurrent ingest allocated one meanwhile).
    public static func resolve(_ lookups: Set<Data>, on connection: Connection) throws -> Pseudonyms {
        guard !lookups.isEmpty else { return Pseudonyms(byLookup: [:]) }
        // Sorted, so two ingests allocating the same residents take their rows in the same order:
        // by their hex, which sorts as the bytes do, and faster than comparing `Data` byte by byte.
        let sorted = lookups.map { (hex: $0.lowercaseHex, lookup: $0) }.sorted { $0.hex < $1.hex }
        let ordered = sorted.map(\.lookup)
        let hex = sorted.map(\.hex)
        let fresh = ordered.map { _ in MessageCipher.newKey().lowercaseHex }
        // The residents already known are read by the primary key (`= ANY` of an array), and only
        // the others inserted: joined with the given lookups, the table was read whole whenever
        // its statistics were behind (every file of a first ingest), and every known resident
        // went through a conflicting insert; the two made this statement half of ingest's
        // server time (docs/performance.md).
        var found = try pairs(connection.query("""
            WITH given AS (
                SELECT decode(l, 'hex') AS lookup, decode(p, 'hex') AS pseudonym, n
                FROM unnest(\(hex)::text[], \(fresh)::text[]) WITH ORDINALITY AS g(l, p, n)
            ), known AS (
                SELECT lookup, pseudonym FROM privacy.residents WHERE lookup = ANY(ARRAY(SELECT lookup FROM given))
            ), added AS (
                INSERT INTO privacy.residents (lookup, pseudonym)
                SELECT lookup, pseudonym FROM given WHERE lookup NOT IN (SELECT lookup FROM known) ORDER BY n
                ON CONFLICT (lookup) DO NOTHING
                RETURNING lookup, pseudonym
            )
            SELECT lookup, pseudonym FROM added
            UNION ALL
            SELECT lookup, pseudonym FROM known
            """))
        let missing = ordered.filter { found[$0] == nil }.map(\.lowercaseHex)
        if !missing.isEmpty {
            // Allocated by an ingest that committed after this statement's snapshot was taken.
            found.merge(try pairs(connection.query("""
                SELECT lookup, pseudonym FROM privacy.residents WHERE lookup = ANY(ARRAY(SELECT decode(l, 'hex') FROM unnest(\(missing)::text[]) AS m(l)))
                """)), uniquingKeysWith: { first, _ in first })
        }
        guard found.count == lookups.count else {
            throw Failure(description: "another ingest was allocating the same residents' pseudonyms; run the ingest again")
        }
        return Pseudonyms(byLookup: found)
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
