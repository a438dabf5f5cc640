import Foundation
import XCTest

/// The privacy officer's role (migration 097) runs `resident export`, `forget` and `privacy
/// reapply` as the binary does, with no other right; the analyst runs none of them.
final class PrivacyRoleTests: PrivacyCommandTestCase {
    private let resident = ["--platform", "twitter", "--user-id", "100001"]

    func testThePrivacyRoleExportsForgetsAndReappliesAndTheAnalystCannot() throws {
        try ingestWeek()
        let refused = try cli(["resident", "export", "-q"] + resident, role: "civicpulse_analyst")
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.err.contains("PostgreSQL error 42501: permission denied"), refused.err)
        XCTAssertEqual(refused.out, "")
        let forgetRefused = try cli(["forget", "-q"] + resident, role: "civicpulse_analyst")
        XCTAssertNotEqual(forgetRefused.status, 0)

        let export = try cli(["resident", "export", "-q", "--format", "text"] + resident, role: "civicpulse_privacy")
        XCTAssertEqual(export.status, 0, export.err)
        XCTAssertTrue(export.out.contains("2 messages readable; 0 held but erased (time only)\n"), export.out)
        let forget = try cli(["forget", "-q"] + resident, role: "civicpulse_privacy")
        XCTAssertEqual(forget.status, 0, forget.err)
        XCTAssertEqual(forget.out, "forgot 2 messages of 1 resident; 4 projection rows updated\n")
        let reapply = try cli(["privacy", "reapply", "-q"], role: "civicpulse_privacy")
        XCTAssertEqual(reapply.status, 0, reapply.err)
        XCTAssertEqual(reapply.out, "erased again 0 messages of 0 residents; 0 projection rows updated\n")
        let register = try database.connect().query("SELECT scope, events FROM privacy.erasures ORDER BY id")
        XCTAssertEqual(try register.map { "\(try $0.decode(String.self, 0)) \(try $0.decode(Int.self, 1))" }, ["access 2", "resident 2"],
                       "every privacy action is in the register; a reapply that did nothing is not")
    }
}
