import Foundation
import XCTest

/// The command-line snags a fresh-clone trial found (issue 20), each as the class it stands
/// for, through the built binary.
final class FirstHourSnagTests: DatabaseTestCase {
    /// No help tells a user to ingest through `$(find …)`, which breaks on a path with a space:
    /// `ingest DIR` reads a folder.
    func testNoHelpTellsUsersToFindFilesForIngest() throws {
        for command in ["db", "ingest", "inspect", "quarantine", "process", "dashboard", "sla", "reach", "summary", "alerts", "incident", "simulate", "fetch", "serve"] {
            let help = try run([command, "--help"])
            XCTAssertEqual(help.status, 0, command)
            XCTAssertFalse(help.out.contains("$(find"), "\(command) --help: \(help.out)")
        }
        XCTAssertTrue(try run(["simulate", "--help"]).out.contains("civicpulse ingest DIR"))
    }
}
