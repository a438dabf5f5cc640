import Foundation
import XCTest

/// A test of the privacy commands as the binary runs them, with this test's folder as its home,
/// where the actor key and the erasure register are kept.
class PrivacyCommandTestCase: FolderTestCase {
    /// Runs the binary; with `role`, its session takes that role as it starts, as a login role
    /// granted only that role would (libpq's PGOPTIONS).
    func cli(_ arguments: [String], database name: String? = nil, role: String? = nil) throws -> (status: Int32, out: String, err: String) {
        try runAtHome(arguments, database: name, environment: role.map { ["PGOPTIONS": "-c role=\($0)"] } ?? [:])
    }

    func succeeds(_ arguments: [String], database name: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try cli(arguments, database: name)
        XCTAssertEqual(result.status, 0, "\(arguments): \(result.err)", file: file, line: line)
        return result.out
    }

    /// Ingests and processes the fixture week (Fixtures/README.md); tweet 1010 is quarantined, hence status 3.
    func ingestWeek() throws {
        XCTAssertEqual(try cli(["ingest", "-q", Fixtures.path("harbourside-tweets.json"), Fixtures.path("harbourside-tweets-monday.json")]).status, 3)
        _ = try succeeds(["process", "-q"])
    }
}
