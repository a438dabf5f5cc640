import Foundation
import Postgres
import XCTest

/// Only `ingest` (with `fetch` and `serve`, which ingest) and `db migrate` create or change the
/// schema: every other command, pointed at a database without it or with one behind the build,
/// says so in one line with what to run, and leaves the database as it was. A fresh-clone trial
/// found `dashboard --database "… dbname=postgres"` had run every migration on that database.
final class SchemaUntouchedTests: FolderTestCase {
    private let week = ["--from", "2026-11-16", "--to", "2026-11-22"]

    /// Every command that takes no data in, as a user would name it (`retention apply` reads
    /// the database only when the pipeline sets a retention, which the example's does not).
    private var commands: [[String]] {
        [
            ["dashboard"] + week, ["sla"], ["reach"], ["summary", "--week", "2026-W47"], ["heatmap"] + week,
            ["export", "items"] + week, ["export", "replies"] + week, ["report", "foi"] + week, ["alerts"], ["incident"] + week,
            ["quarantine"], ["resident", "export", "--platform", "twitter", "--user-id", "1"], ["process"],
            ["forget", "--platform", "twitter", "--user-id", "1"], ["privacy", "reapply"],
        ]
    }

    /// Each of `commands` exits 1 with `refusal` alone on standard error and prints nothing.
    private func assertRefused(_ commands: [[String]], saying refusal: String, line: UInt = #line) throws {
        for command in commands {
            let result = try runAtHome(["-q"] + command)
            XCTAssertEqual(result.status, 1, "\(command): \(result.err)", line: line)
            XCTAssertEqual(result.err, refusal, "\(command)", line: line)
            XCTAssertEqual(result.out, "", "\(command)", line: line)
        }
    }

    /// A second database on the server, empty, dropped after the test.
    private func emptyDatabase() throws -> String {
        let name = database.name + "_empty"
        try Connection("dbname=postgres").execute("CREATE DATABASE \(quoteIdentifier(name))")
        addTeardownBlock { try? Connection("dbname=postgres").execute("DROP DATABASE IF EXISTS \(quoteIdentifier(name)) WITH (FORCE)") }
        return name
    }

    func testADatabaseWithoutTheSchemaIsSaidToHoldNoDataAndStaysEmpty() throws {
        let empty = try emptyDatabase()
        for command in commands {
            let result = try runAtHome(["-q"] + command, database: empty)
            XCTAssertEqual(result.status, 1, "\(command): \(result.err)")
            XCTAssertTrue(result.err.hasPrefix("Error: the database host="), "\(command): \(result.err)")
            XCTAssertTrue(result.err.contains(" dbname=\(empty) "), "\(command) names the database: \(result.err)")
            XCTAssertTrue(result.err.hasSuffix(" holds no CivicPulse data: `civicpulse ingest FILE` "
                + "or `civicpulse db migrate` creates its schema there, or name another with --database\n"), "\(command): \(result.err)")
            XCTAssertEqual(result.err.filter(\.isNewline).count, 1, "\(command): one line: \(result.err)")
            XCTAssertEqual(result.out, "", "\(command)")
        }
        let status = try runAtHome(["-q", "db", "status"], database: empty)
        XCTAssertEqual(status.status, 0, status.err)
        XCTAssertTrue(status.out.hasPrefix("pending  001_"), status.out)
        let relations = try Connection("dbname=\(empty)").query("""
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
            """)
        XCTAssertEqual(try relations[0].decode(Int.self, 0), 0, "nothing was created in the database")
    }

    func testASchemaBehindTheBuildIsSaidToNeedMigrateAndIsNotMigrated() throws {
        let owner = try database.connect()
        let last = try owner.query("SELECT max(version), (SELECT name FROM public.civicpulse_migrations ORDER BY version DESC LIMIT 1) FROM public.civicpulse_migrations")
        let (version, name) = (try last[0].decode(Int.self, 0), try last[0].decode(String.self, 1))
        try owner.query("DELETE FROM public.civicpulse_migrations WHERE version = \(version)")
        try assertRefused(commands, saying: "Error: the database's CivicPulse schema is behind this civicpulse (1 migration pending: \(name)): "
            + "run `civicpulse db migrate` as the schema's owner\n")
        let ledger = try owner.query("SELECT count(*) FROM public.civicpulse_migrations WHERE version = \(version)")
        XCTAssertEqual(try ledger[0].decode(Int.self, 0), 0, "no command applied the migration again")
    }

    func testAnEditedMigrationIsNamedAndNotMigrated() throws {
        let owner = try database.connect()
        try owner.query("UPDATE public.civicpulse_migrations SET checksum = 'before-the-edit' WHERE version = 1")
        try assertRefused(commands, saying: "Error: migration 001_event_log.sql was edited after it was applied to this database: "
            + "restore it and put the change in a new migration\n")
        let ledger = try owner.query("SELECT checksum FROM public.civicpulse_migrations WHERE version = 1")
        XCTAssertEqual(try ledger[0].decode(String.self, 0), "before-the-edit")
    }

    /// An older civicpulse pointed at a database a newer one migrated was told to run `db
    /// migrate`, which put its older views back over the newer tables; with the newer views alike
    /// it used the schema as if it were its own.
    func testASchemaANewerBuildMigratedIsSaidToNeedANewerBuildAndIsNeverTakenBack() throws {
        let owner = try database.connect()
        try owner.query("INSERT INTO public.civicpulse_migrations (version, name, checksum) VALUES (9999, '9999_from_a_newer_build', 'newer')")
        let refusal = "Error: the database's CivicPulse schema is newer than this civicpulse (applied by a newer build: 9999_from_a_newer_build): "
            + "upgrade civicpulse to that build or later; `civicpulse db migrate` never takes a schema back\n"
        try assertRefused(commands, saying: refusal)
        // A newer build's view, which `db migrate` and `ingest` of this build would replace.
        let view = try owner.query("SELECT name FROM public.civicpulse_repeatables ORDER BY name LIMIT 1")[0].decode(String.self, 0)
        try owner.query("UPDATE public.civicpulse_repeatables SET checksum = 'newer' WHERE name = \(view)")
        try assertRefused([["db", "migrate"], ["ingest", Fixtures.path("harbourside-tweets.json")], ["dashboard"] + week], saying: refusal)
        let status = try runAtHome(["-q", "db", "status"])
        XCTAssertEqual(status.status, 2, status.err)
        XCTAssertTrue(status.out.hasSuffix("NEWER    9999_from_a_newer_build  (applied by a newer civicpulse: upgrade this one)\n"), status.out)
        let installed = try owner.query("SELECT checksum FROM public.civicpulse_repeatables WHERE name = \(view)")
        XCTAssertEqual(try installed[0].decode(String.self, 0), "newer", "the newer view was not replaced")
        let events = try owner.query("SELECT count(*) FROM civicpulse.events")
        XCTAssertEqual(try events[0].decode(Int.self, 0), 0, "nothing was ingested")
    }
}
