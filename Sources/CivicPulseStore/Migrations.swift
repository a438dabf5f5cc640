import CivicPulseCore
import Crypto
import Foundation
import Postgres

/// One numbered migration file, `NNN_snake_name.sql`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    /// SHA-256 of the file: an applied migration whose checksum changed was edited, which we refuse.
    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).lowercaseHex
    }
}

/// What `db status` reports for a migration.
public enum MigrationState: Equatable, Sendable {
    case applied(at: Date)
    case pending
    /// Applied, but the file has changed since: someone edited history.
    case edited(appliedChecksum: String)
    /// Applied in the database, but no file has this version any more.
    case missingFile
    /// Applied in the database by a newer build: numbered past this build's last migration.
    case newer
}

public struct MigrationError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }

    /// A schema a newer build migrated: only a build at least as new may use or migrate it, as
    /// this one would put its older views and functions back over the newer tables.
    public static func newer(_ names: [String]) -> MigrationError {
        MigrationError(message: "the database's CivicPulse schema is newer than this civicpulse (applied by a newer build: "
            + "\(names.joined(separator: ", "))): upgrade civicpulse to that build or later; `civicpulse db migrate` never takes a schema back")
    }
}

/// Applies `sql/migrations` in order, each in its own transaction, and remembers what it did;
/// then replaces the repeatable objects in `sql/views` (views, functions), in file order.
public struct Migrator {
    public let migrations: [Migration]
    /// `CREATE OR REPLACE` files, applied after the migrations on every run.
    public let repeatable: [Migration]

    /// Reads the migrations shipped with the tool.
    public static func bundled() throws -> Migrator {
        guard let root = Bundle.module.url(forResource: "SQL", withExtension: nil) else {
            throw MigrationError(message: "the SQL migrations are missing from this build")
        }
        return try Migrator(directory: root.appendingPathComponent("migrations"), repeatable: root.appendingPathComponent("views"))
    }

    public init(directory: URL, repeatable: URL? = nil) throws {
        migrations = try Self.read(directory)
        self.repeatable = try repeatable.map(Self.read) ?? []
        if let duplicate = Dictionary(grouping: migrations, by: \.version).first(where: { $0.value.count > 1 }) {
            throw MigrationError(message: "two migrations share version \(duplicate.key): \(duplicate.value.map(\.name).joined(separator: ", "))")
        }
    }

    private static func read(_ directory: URL) throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }.sorted()
        return try names.map { file in
            let parts = file.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, let version = Int(parts[0]) else {
                throw MigrationError(message: "\(file): migration files are named NNN_snake_name.sql")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            return Migration(version: version, name: String(file.dropLast(4)), sql: sql)
        }
    }

    /// Every migration with its state, plus applied versions whose file is gone or that a newer
    /// build applied; every one pending where no migration was ever applied. It only reads:
    /// `db status` changes nothing.
    public func status(on connection: Connection) throws -> [(version: Int, name: String, state: MigrationState)] {
        states(try ledger(on: connection) ?? [:])
    }

    private func states(_ applied: [Int: AppliedMigration]) -> [(version: Int, name: String, state: MigrationState)] {
        var result = migrations.map { migration -> (Int, String, MigrationState) in
            guard let record = applied[migration.version] else { return (migration.version, migration.name, .pending) }
            if record.checksum != migration.checksum { return (migration.version, migration.name, .edited(appliedChecksum: record.checksum)) }
            return (migration.version, migration.name, .applied(at: record.at))
        }
        for (version, record) in applied where !migrations.contains(where: { $0.version == version }) {
            result.append((version, record.name, version > newestVersion ? .newer : .missingFile))
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// Applies every pending migration; refuses to start when an applied one was edited.
    ///
    /// - Returns: the names of the migrations applied now (empty when up to date).
    ///
    /// When everything is already in place it changes nothing and needs no privilege beyond
    /// reading the ledgers, so the ingest and processor roles can run every command. A database a
    /// newer build migrated is refused whole: this build's views and functions would replace the
    /// newer ones, over tables they were not written for.
    @discardableResult
    public func migrate(on connection: Connection) throws -> [String] {
        if let applied = try ledger(on: connection) {
            let newer = self.newer(applied)
            if !newer.isEmpty { throw MigrationError.newer(newer) }
            if try isUpToDate(applied, on: connection) { return [] }
        }
        try ensureLedger(on: connection)
        // One migrator at a time per database; the lock ends with the session.
        try connection.query("SELECT pg_advisory_lock(hashtext('civicpulse.migrate'))")
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(hashtext('civicpulse.migrate'))") }
        let states = try status(on: connection)
        let newer = states.filter { $0.state == .newer }.map(\.name)
        if !newer.isEmpty { throw MigrationError.newer(newer) }
        for (_, name, state) in states {
            if case .edited(let checksum) = state {
                throw MigrationError(message: "migration \(name).sql was edited after it was applied (applied checksum \(checksum.prefix(12))…); restore it and put the change in a new migration")
            }
        }
        var applied: [String] = []
        for migration in migrations where states.contains(where: { $0.version == migration.version && $0.state == .pending }) {
            do {
                try connection.transaction {
                    try connection.execute(migration.sql)
                    try connection.query("""
                        INSERT INTO public.civicpulse_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """)
                }
            } catch let error as PostgresError {
                throw error.during("applying migration \(migration.name).sql")
            }
            applied.append(migration.name)
        }
        let installed = try installedRepeatables(on: connection)
        // Repeatables are installed in order from the first changed one on: a later file may
        // depend on an earlier (grants on views), so all after a change are installed again.
        guard let firstChanged = repeatable.firstIndex(where: { installed[$0.name] != $0.checksum }) ?? (applied.isEmpty ? nil : 0) else {
            return applied
        }
        for object in repeatable[firstChanged...] {
            do {
                try connection.transaction {
                    try connection.execute(object.sql)
                    try connection.query("""
                        INSERT INTO public.civicpulse_repeatables (name, checksum) VALUES (\(object.name), \(object.checksum))
                        ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, installed_at = now()
                        """)
                }
            } catch let error as PostgresError {
                throw error.during("installing \(object.name).sql")
            }
        }
        return applied
    }

    /// What a command that only reads or adds data finds, by reading the ledgers alone: such a
    /// command never migrates (only `ingest` and `db migrate` do), so that a report pointed at
    /// the wrong database, or run by a role that may not change the schema, changes nothing.
    /// Newer is looked for first: a newer build's tables may hold all this build's migrations.
    public func readiness(on connection: Connection) throws -> SchemaReadiness {
        guard let applied = try ledger(on: connection), !applied.isEmpty else { return .absent }
        let newer = self.newer(applied)
        if !newer.isEmpty { return .ahead(newer: newer) }
        if try isUpToDate(applied, on: connection) { return .ready }
        let states = self.states(applied)
        if let edited = states.first(where: { if case .edited = $0.state { true } else { false } }) { return .edited(edited.name) }
        return .behind(pending: states.filter { $0.state == .pending }.map(\.name))
    }

    /// Applied migrations numbered past this build's last, by name: a newer build's.
    private func newer(_ applied: [Int: AppliedMigration]) -> [String] {
        applied.filter { $0.key > newestVersion }.sorted { $0.key < $1.key }.map(\.value.name)
    }

    private var newestVersion: Int { migrations.map(\.version).max() ?? 0 }

    /// Whether every migration is applied unchanged and every repeatable installed as it is now.
    private func isUpToDate(_ applied: [Int: AppliedMigration], on connection: Connection) throws -> Bool {
        guard migrations.allSatisfy({ applied[$0.version]?.checksum == $0.checksum }) else { return false }
        let installed = try installedRepeatables(on: connection)
        return repeatable.allSatisfy { installed[$0.name] == $0.checksum }
    }

    /// One row of `public.civicpulse_migrations`.
    private struct AppliedMigration {
        let name: String
        let checksum: String
        let at: Date
    }

    /// The migrations ledger by version; nil where the ledgers were never made (no migration
    /// ever ran), so no command that only reads has to create them to find out.
    private func ledger(on connection: Connection) throws -> [Int: AppliedMigration]? {
        let exists = try connection.query("""
            SELECT to_regclass('public.civicpulse_migrations') IS NOT NULL AND to_regclass('public.civicpulse_repeatables') IS NOT NULL
            """)[0].decode(Bool.self, 0)
        guard exists else { return nil }
        let rows = try connection.query("SELECT version, name, checksum, applied_at FROM public.civicpulse_migrations")
        var applied: [Int: AppliedMigration] = [:]
        for row in rows {
            applied[try row.decode(Int.self, 0)] = AppliedMigration(name: try row.decode(String.self, 1), checksum: try row.decode(String.self, 2), at: try row.decode(Date.self, 3))
        }
        return applied
    }

    private func installedRepeatables(on connection: Connection) throws -> [String: String] {
        let rows = try connection.query("SELECT name, checksum FROM public.civicpulse_repeatables")
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(String.self, 0), try $0.decode(String.self, 1)) })
    }

    private func ensureLedger(on connection: Connection) throws {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS public.civicpulse_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE IF NOT EXISTS public.civicpulse_repeatables (
                name         text PRIMARY KEY,
                checksum     text NOT NULL,
                installed_at timestamptz NOT NULL DEFAULT now()
            )
            """)
    }
}
