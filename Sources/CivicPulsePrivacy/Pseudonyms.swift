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
        // Sorted, so two ingests allocating the same residents take their rows in the same order.
        let ordered = lookups.sorted { $0.lexicographicallyPrecedes($1) }
        let hex = ordered.map(\.lowercaseHex)
        let fresh = ordered.map { _ in MessageCipher.newKey().lowercaseHex }
        var found = try pairs(connection.query("""
            WITH given AS (
                SELECT decode(l, 'hex') AS lookup, decode(p, 'hex') AS pseudonym, n
                FROM unnest(\(hex)::text[], \(fresh)::text[]) WITH ORDINALITY AS g(l, p, n)
            ), added AS (
                INSERT INTO privacy.residents (lookup, pseudonym)
                SELECT lookup, pseudonym FROM given ORDER BY n
                ON CONFLICT (lookup) DO NOTHING
                RETURNING lookup, pseudonym
            )
            SELECT lookup, pseudonym FROM added
            UNION ALL
            SELECT r.lookup, r.pseudonym FROM privacy.residents r JOIN given USING (lookup)
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
