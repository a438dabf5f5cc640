import CivicPulseCore
import CivicPulsePrivacy
import Foundation
import Postgres

extension ActorKey {
    /// The key to hash residents with for the database on `connection`: the one its residents
    /// were hashed with.
    ///
    /// The database keeps that key's ``fingerprint(of:)`` (`civicpulse.actor_key`, migration 028).
    /// Under another key a reply would no longer meet the question it answers and every resident
    /// would be counted again, so another key is refused, as is making a new one for a database
    /// that has a key already: an ingest run from another folder once did that without a word.
    /// A database with no fingerprint takes the key of its first ingest, creating the key file
    /// then if there is no key yet; one that holds events from before migration 028 has nothing
    /// better to check them against.
    ///
    /// - Parameters:
    ///   - environment: where `CIVICPULSE_ACTOR_KEY` is looked for.
    ///   - home: the folder of `actor.key` (`--home`).
    /// - Returns: the key; a ``Failure`` naming the fingerprints when it is not the database's.
    public static func forDatabase(on connection: Connection, environment: [String: String], home: URL) throws -> Data {
        let recorded = try recordedFingerprint(on: connection)
        let found: Found
        if let existing = try Self.existing(environment: environment, home: home) {
            found = existing
        } else if let recorded {
            throw Failure.missing(recorded: recorded, file: file(in: home))
        } else {
            found = try create(home: home)
        }
        return try verified(found, against: recorded ?? record(Self.fingerprint(of: found.key), on: connection))
    }

    /// The key for a command that only looks residents up (the privacy officer's `forget`,
    /// `resident export`, `privacy reapply`): it neither makes a key nor records a fingerprint,
    /// which the `civicpulse_privacy` role may not do and which is ingest's to do. A key made or
    /// recorded from the officer's own `--home` would bind the database to a key ingest does not
    /// hold, and ingest would then be refused.
    ///
    /// A database with no fingerprint (no ingest since migration 028) is looked up with the key
    /// at hand, unchecked, as its first ingest would; with no key at hand, one that links no
    /// resident has nothing a key could find, so a random key kept nowhere serves (it finds
    /// nothing, and a resident's archived records are read with the same key their id is hashed
    /// with); one that does link residents cannot be searched without their key, which is said.
    public static func forLookup(on connection: Connection, environment: [String: String], home: URL) throws -> Data {
        let found = try Self.existing(environment: environment, home: home)
        guard let recorded = try recordedFingerprint(on: connection) else {
            if let found { return found.key }
            guard try !Pseudonyms.anyLinked(on: connection) else { throw Failure.unrecorded(file: file(in: home)) }
            return ActorHasher.generateSecret()
        }
        guard let found else { throw Failure.missing(recorded: recorded, file: file(in: home)) }
        return try verified(found, against: recorded)
    }

    /// The key found, if its fingerprint is the one the database holds: another key would hash
    /// every resident to someone else.
    private static func verified(_ found: Found, against recorded: String) throws -> Data {
        let fingerprint = Self.fingerprint(of: found.key)
        guard recorded == fingerprint else { throw Failure.other(recorded: recorded, used: fingerprint, source: found.source) }
        return found.key
    }

    private static func recordedFingerprint(on connection: Connection) throws -> String? {
        try connection.query("SELECT fingerprint FROM civicpulse.actor_key").first?.decode(String.self, 0)
    }

    /// Records `fingerprint` unless a concurrent first ingest recorded its own; returns the one kept.
    private static func record(_ fingerprint: String, on connection: Connection) throws -> String {
        try connection.query("INSERT INTO civicpulse.actor_key (fingerprint) VALUES (\(fingerprint)) ON CONFLICT DO NOTHING")
        return try recordedFingerprint(on: connection) ?? fingerprint
    }
}

extension ActorKey.Failure {
    static func other(recorded: String, used: String, source: String) -> Self {
        Self(message: "this database's residents were hashed with another actor key (\(short(recorded)), this one \(short(used)) from \(source)): \(remedy)")
    }

    static func missing(recorded: String, file: URL) -> Self {
        Self(message: "this database's residents were hashed with actor key \(short(recorded)), which is not here (no CIVICPULSE_ACTOR_KEY, no \(file.path)): \(remedy)")
    }

    static func unrecorded(file: URL) -> Self {
        Self(message: "this database has residents but no record of the actor key they were hashed with, and no key is here (no CIVICPULSE_ACTOR_KEY, no \(file.path)): \(remedy)")
    }

    private static let remedy = "set CIVICPULSE_ACTOR_KEY or run from the folder whose .civicpulse holds its key (--home)"

    /// Enough of a fingerprint for a person to tell two keys apart.
    private static func short(_ fingerprint: String) -> String {
        fingerprint.prefix(8) + "…"
    }
}
