import CivicPulseCore
import Foundation
import Postgres

/// `privacy.handles`: which resident a handle last belonged to, so a privacy request that names
/// a resident by handle finds their keyed hash (docs/privacy.md, "Handles").
public enum ResidentHandles {
    /// A handle seen on a resident's message: its keyed hash, the author's keyed hash, and when
    /// the message was written.
    ///
    /// The handle is put in hex where it is seen, on the thread that read its message, for the sort
    /// below: on the appending thread, with the sort, hex was 2 % of the client's CPU in series with
    /// the server (docs/performance.md). The hashes themselves are sent in binary.
    public struct Seen: Sendable, Equatable {
        public let handle: Data
        public let lookup: Data
        public let at: Date
        let handleHex: String

        public init(handle: Data, lookup: Data, at: Date) {
            self.handle = handle
            self.lookup = lookup
            self.at = at
            handleHex = handle.lowercaseHex
        }
    }

    /// The statement that records `seen`, to run in the caller's transaction after the residents'
    /// pseudonyms are resolved (``Pseudonyms/resolve(_:then:on:)`` sends it with them); nil when
    /// there is nothing to record. A handle goes to the author of its latest message, so one given
    /// up and taken by someone else leads to the new holder once their message is ingested,
    /// whatever the order of files. Never refused by a unique index: a known handle is updated.
    public static func recording(_ seen: [Seen]) -> Query? {
        var latest: [Data: Seen] = [:]
        for item in seen where latest[item.handle].map({ $0.at < item.at }) ?? true { latest[item.handle] = item }
        guard !latest.isEmpty else { return nil }
        // Sorted, so two ingests meeting the same handles take their rows in the same order (hex
        // sorts as the bytes do).
        let rows = latest.values.sorted { $0.handleHex < $1.handleHex }
        return .prepared("""
            INSERT INTO privacy.handles (handle, lookup, seen_at)
            SELECT h, l, t
            FROM unnest(\(BinaryArray(rows.map(\.handle))), \(BinaryArray(rows.map(\.lookup))),
                        \(rows.map(\.at.postgresText))::timestamptz[]) AS s(h, l, t)
            ON CONFLICT (handle) DO UPDATE SET lookup = EXCLUDED.lookup, seen_at = EXCLUDED.seen_at
            WHERE privacy.handles.seen_at < EXCLUDED.seen_at
            """)
    }

    /// The keyed hash of the resident who last wrote under `handle`; nil when none did.
    public static func lookup(of handle: Data, on connection: Connection) throws -> Data? {
        try connection.query("SELECT lookup FROM privacy.handles WHERE handle = \(handle)").first?.decode(Data.self, 0)
    }

    /// Deletes the handles that lead to the residents `lookups` (keyed hashes), just unlinked
    /// from their pseudonyms: what led from a handle to them goes with them.
    static func drop(of lookups: [Data], on connection: Connection) throws {
        guard !lookups.isEmpty else { return }
        try connection.query("""
            DELETE FROM privacy.handles WHERE lookup = ANY(ARRAY(SELECT decode(l, 'hex') FROM unnest(\(lookups.map(\.lowercaseHex))::text[]) AS u(l)))
            """)
    }
}
