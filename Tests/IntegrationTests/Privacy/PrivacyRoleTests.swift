import Foundation
import Postgres
import XCTest

/// The privacy officer's role (migration 097) runs `resident export`, `forget` and `privacy
/// reapply` as the binary does, with no other right; the analyst runs none of them.
final class PrivacyRoleTests: PrivacyCommandTestCase {
    private let resident = ["--platform", "twitter", "--user-id", "100001"]

    func testThePrivacyRoleExportsForgetsAndReappliesAndTheAnalystCannot() throws {
        try ingestWeek()
        let refused = try cli(["resident", "export", "-q"] + resident, role: "civicpulse_analyst")
        XCTAssertEqual(refused.status, 1)
        // What to do, on one line: whose command it is, not only which table PostgreSQL refused.
        let sentence = try XCTUnwrap(refused.err.split(separator: "\n").last.map(String.init), refused.err)
        XCTAssertTrue(sentence.hasPrefix("Error: the database role in use may not do what `civicpulse resident export` needs (permission denied for "), sentence)
        XCTAssertTrue(sentence.hasSuffix("): run it as a login role granted the role docs/security.md (\"Database roles\") names for it"), sentence)
        XCTAssertEqual(refused.out, "")
        let forgetRefused = try cli(["forget", "-q"] + resident, role: "civicpulse_analyst")
        XCTAssertEqual(forgetRefused.status, 1)
        XCTAssertTrue(forgetRefused.err.contains("Error: the database role in use may not do what `civicpulse forget` needs ("), forgetRefused.err)

        let export = try cli(["resident", "export", "-q", "--format", "text"] + resident, role: "civicpulse_privacy")
        XCTAssertEqual(export.status, 0, export.err)
        XCTAssertTrue(export.out.contains("2 messages readable; 0 held but erased (time only)\n"), export.out)
        let forget = try cli(["forget", "-q"] + resident, role: "civicpulse_privacy")
        XCTAssertEqual(forget.status, 0, forget.err)
        XCTAssertEqual(forget.out, "forgot 2 messages of 1 resident\n")
        let reapply = try cli(["privacy", "reapply", "-q"], role: "civicpulse_privacy")
        XCTAssertEqual(reapply.status, 0, reapply.err)
        XCTAssertEqual(reapply.out, "erased again 0 messages of 0 residents\n")
        let register = try database.connect().query("SELECT scope, events FROM privacy.erasures ORDER BY id")
        XCTAssertEqual(try register.map { "\(try $0.decode(String.self, 0)) \(try $0.decode(Int.self, 1))" }, ["access 2", "resident 2"],
                       "every privacy action is in the register; a reapply that did nothing is not")
    }

    /// A database no ingest has recorded an actor key for (new, or last ingested before migration
    /// 028): the privacy role's first command used to fail on the INSERT of the key's fingerprint,
    /// which only ingest may do. It now looks up without recording or making a key.
    func testThePrivacyRoleWorksOnADatabaseThatNeverRecordedAnActorKey() throws {
        let fingerprints = "SELECT count(*) FROM civicpulse.actor_key"
        for command in [["resident", "export", "-q"] + resident, ["forget", "-q"] + resident, ["privacy", "reapply", "-q"]] {
            let run = try cli(command, role: "civicpulse_privacy")
            XCTAssertEqual(run.status, 0, "\(command): \(run.err)")
        }
        XCTAssertEqual(try cli(["forget", "-q"] + resident, role: "civicpulse_privacy").out,
                       "no resident is known as twitter user '100001' here: nothing to forget\n")
        XCTAssertEqual(try database.connect().query(Query(unsafeSQL: fingerprints))[0].decode(Int.self, 0), 0, "the fingerprint is ingest's to record")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("actor.key").path), "no key is made for a look-up")

        // Residents, but no fingerprint (logged before migration 028): the key at hand is used,
        // and without one the command says so on one line.
        try ingestWeek()
        try database.connect().execute("DELETE FROM civicpulse.actor_key")
        let export = try cli(["resident", "export", "-q", "--format", "text"] + resident, role: "civicpulse_privacy")
        XCTAssertEqual(export.status, 0, export.err)
        XCTAssertTrue(export.out.contains("2 messages readable; 0 held but erased (time only)\n"), export.out)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("actor.key"))
        let keyless = try cli(["forget", "-q"] + resident, role: "civicpulse_privacy")
        XCTAssertEqual(keyless.status, 1)
        XCTAssertEqual(keyless.err, "Error: this database has residents but no record of the actor key they were hashed with, and no key is here "
                       + "(no CIVICPULSE_ACTOR_KEY, no \(folder.appendingPathComponent("actor.key").path)): set CIVICPULSE_ACTOR_KEY or run from the folder whose .civicpulse holds its key (--home)\n")
        XCTAssertEqual(try database.connect().query(Query(unsafeSQL: fingerprints))[0].decode(Int.self, 0), 0)
    }
}
