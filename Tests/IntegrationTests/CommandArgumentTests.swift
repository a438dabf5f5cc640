import Foundation
import XCTest

/// Arguments a person gets slightly wrong: one line saying what is wrong, and exit status 64.
final class CommandArgumentTests: DatabaseTestCase {
    func testHelpForACommandThereIsNoneOfIsRefused() throws {
        let help = try run(["help", "frobnicate"])
        XCTAssertEqual(help.status, 64)
        XCTAssertTrue(help.err.hasPrefix("Error: unknown command 'frobnicate' (commands: db, ingest, inspect, "), help.err)
        XCTAssertEqual(help.out, "", "no general help, as if the command existed")
        XCTAssertEqual(try run(["help", "sla"]).status, 0)
    }

    func testASourceNameThatIsNotASourceIsNotTakenForAFile() throws {
        let ingest = try run(["ingest", "-q", "tiktok", Fixtures.path("harbourside-tweets.json")])
        XCTAssertEqual(ingest.status, 64)
        XCTAssertTrue(ingest.err.hasPrefix("Error: unknown source 'tiktok' (sources: twitter, twitter-v1, twitter-activity, facebook, youtube, listening;"), ingest.err)
        XCTAssertEqual(ingest.out, "", "nothing ingested")
    }

    /// A service is known only once the pipeline is read, in `run()`: the refusal is still one
    /// line and exit 64, without the top command's usage after it.
    func testAnUnknownServiceIsOneLineOfError() throws {
        for command in ["sla", "reach"] {
            let report = try run([command, "-q", "--service", "wsate"])
            XCTAssertEqual(report.status, 64, command)
            XCTAssertEqual(report.err.split(separator: "\n").count, 1, report.err)
            XCTAssertTrue(report.err.hasPrefix("Error: --service 'wsate' is not a service of the pipeline (services: unassigned, "), report.err)
        }
    }

    func testANegativeLimitIsRefusedAsNegative() throws {
        let sla = try run(["sla", "-q", "--limit", "-3"])
        XCTAssertEqual(sla.status, 64)
        XCTAssertTrue(sla.err.hasPrefix("Error: --limit must be from 0 to 1000000 (got -3)"), sla.err)
    }
}
