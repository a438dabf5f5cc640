import CivicPulseIngest
import CivicPulseProcessor
import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// The roles do the work they exist for, through the same code the command line runs.
final class RolesAtWorkTests: DatabaseTestCase {
    func testTheIngestRoleIngestsButCannotProcess() throws {
        let connection = try database.connect()
        try connection.execute("SET ROLE civicpulse_ingest")
        XCTAssertEqual(try Migrator.bundled().migrate(on: connection), [], "an up-to-date schema needs no DDL")
        let environment = ["CIVICPULSE_ACTOR_KEY": String(repeating: "7", count: 64)]
        for _ in 1...2 {
            XCTAssertEqual(try ActorKey.forDatabase(on: connection, environment: environment, home: URL(fileURLWithPath: "/nonexistent")),
                           Data(repeating: 0x77, count: 32),
                           "records the key's fingerprint, then checks against it")
        }
        let report = try Fixtures.ingestor(connection).ingest(file: Fixtures.path("harbourside-tweets.json"))
        XCTAssertEqual(report.appended, 10)
        XCTAssertThrowsError(try Processor(connection: connection, config: try Fixtures.config()).catchUp()) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "42501")
        }
    }

    func testTheProcessorRoleProcessesButCannotAppend() throws {
        let owner = try database.connect()
        _ = try Fixtures.ingestor(owner).ingest(file: Fixtures.path("harbourside-tweets.json"))
        let connection = try database.connect()
        try connection.execute("SET ROLE civicpulse_processor")
        XCTAssertEqual(try Migrator.bundled().migrate(on: connection), [])
        XCTAssertEqual(try Processor(connection: connection, config: try Fixtures.config()).catchUp(), 10)
        XCTAssertThrowsError(try Fixtures.ingestor(connection).ingest(file: Fixtures.path("harbourside-tweets-monday.json"))) { error in
            XCTAssertEqual((error as? IngestInterrupted)?.error.sqlState, "42501")
        }
    }

    func testAChangedViewIsInstalledAgainButNothingElseRuns() throws {
        let connection = try database.connect()
        try connection.execute("UPDATE public.civicpulse_repeatables SET checksum = 'stale' WHERE name = '090_analytics_role_grants'")
        XCTAssertEqual(try Migrator.bundled().migrate(on: connection), [])
        let checksum = try connection.query("SELECT checksum FROM public.civicpulse_repeatables WHERE name = '090_analytics_role_grants'")
        XCTAssertNotEqual(try checksum[0].decode(String.self, 0), "stale")
    }
}
