import CivicPulseStore
import Foundation
import XCTest

/// The database remembers which actor key hashed its residents (migration 028) and refuses any
/// other: a reply ingested under another key would never meet its question, and residents would
/// be counted twice.
final class ActorKeyTests: DatabaseTestCase {
    private var folder: URL!
    private let keyA = String(repeating: "a", count: 64)
    private let keyB = String(repeating: "b", count: 64)
    /// What a person is shown of each key's fingerprint.
    private let shownA: String = ActorKey.fingerprint(of: Data(repeating: 0xaa, count: 32)).prefix(8) + "…"
    private let shownB: String = ActorKey.fingerprint(of: Data(repeating: 0xbb, count: 32)).prefix(8) + "…"
    private let remedy = "set CIVICPULSE_ACTOR_KEY or run from the folder whose .civicpulse holds its key (--home)"

    override func setUpWithError() throws {
        try super.setUpWithError()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("actor-key-\(UUID().uuidString)")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
        super.tearDown()
    }

    /// `civicpulse ingest` of a fixture with `--home <folder>/<home>`, with `CIVICPULSE_ACTOR_KEY`
    /// only when `key` is given, against this test's database unless `database` names another.
    private func ingest(_ fixture: String, home: String = "home", key: String? = nil, database: String? = nil) throws -> (status: Int32, out: String, err: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = self.database.name
        environment["CIVICPULSE_ACTOR_KEY"] = key
        let target = database.map { ["--database", $0] } ?? []
        return try runCivicPulse(["ingest", "-q", "--home", folder.appendingPathComponent(home).path] + target + [Fixtures.path(fixture)], environment: environment)
    }

    /// Events and ingest runs in the log.
    private func logged() throws -> [Int] {
        let row = try database.connect().query("SELECT (SELECT count(*) FROM civicpulse.events), (SELECT count(*) FROM civicpulse.ingest_runs)")[0]
        return [try row.decode(Int.self, 0), try row.decode(Int.self, 1)]
    }

    func testAnIngestUnderAnotherKeyIsRefusedAndAppendsNothing() throws {
        XCTAssertEqual(try ingest("harbourside-tweets.json", key: keyA).status, 3, "one record is quarantined")
        let before = try logged()
        let refused = try ingest("harbourside-tweets-monday.json", key: keyB)
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.err, """
            Error: this database's residents were hashed with another actor key (\(shownA), this one \(shownB) from CIVICPULSE_ACTOR_KEY): \(remedy)

            """)
        XCTAssertEqual(try logged(), before, "nothing appended, not even a record of the run")

        let again = try ingest("harbourside-tweets-monday.json", key: keyA)
        XCTAssertEqual(again.status, 0, again.err)
        XCTAssertGreaterThan(try logged()[0], before[0])
    }

    /// The new-user trial: a reply ingested from another folder made a new key there and so a
    /// new resident, and the question it answered stayed unanswered.
    func testAnIngestFromAFolderWithoutTheKeyIsRefusedAndMakesNoKey() throws {
        XCTAssertEqual(try ingest("harbourside-tweets.json", home: "council").status, 3)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("council/actor.key").path))
        let recorded = try database.connect().query("SELECT fingerprint FROM civicpulse.actor_key")[0].decode(String.self, 0)
        let before = try logged()

        let refused = try ingest("harbourside-tweets-monday.json", home: "elsewhere")
        XCTAssertEqual(refused.status, 1)
        let elsewhere = folder.appendingPathComponent("elsewhere/actor.key")
        XCTAssertEqual(refused.err, """
            Error: this database's residents were hashed with actor key \(recorded.prefix(8))…, which is not here \
            (no CIVICPULSE_ACTOR_KEY, no \(elsewhere.path)): \(remedy)

            """)
        XCTAssertFalse(FileManager.default.fileExists(atPath: elsewhere.path), "no second key")
        XCTAssertEqual(try logged(), before)
        XCTAssertEqual(try ingest("harbourside-tweets-monday.json", home: "council").status, 0)
    }

    func testAnUnreachableDatabaseLeavesNoKeyBehind() throws {
        let failed = try ingest("harbourside-tweets-monday.json", database: "host=/nonexistent-socket-folder dbname=x")
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.err.hasPrefix("Error: cannot connect to PostgreSQL"), failed.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("home").path), "no key, no folder")
    }

    /// A database from before migration 028 has events and no fingerprint: its next ingest's key
    /// is all there is to go by, and from then on the database holds to it.
    func testADatabaseWithoutAFingerprintTakesTheKeyOfItsNextIngest() throws {
        _ = try Fixtures.ingestor(try database.connect()).ingest(file: Fixtures.path("harbourside-tweets.json"))
        XCTAssertEqual(try ingest("harbourside-tweets-monday.json", key: keyA).status, 0)
        XCTAssertEqual(try ingest("harbourside-dst-and-bank-holiday.json", key: keyB).status, 1)
    }
}
