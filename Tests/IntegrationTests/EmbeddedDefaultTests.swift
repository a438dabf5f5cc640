import Foundation
import XCTest

/// The embedded default as a user meets it from the command line, with no database named. No
/// server needed: nothing here may start one.
final class EmbeddedDefaultTests: XCTestCase {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("civicpulse-nohome-\(UUID().uuidString)")

    override func tearDown() {
        try? FileManager.default.removeItem(at: home)
    }

    /// Reports do not create the embedded cluster: run in another folder they would find an
    /// empty database there and report a quiet week.
    func testAReportWhereNoDatabaseWasEverMadeSaysSoAndCreatesNone() throws {
        let pipeline = Fixtures.root.appendingPathComponent("pipelines/example-council.yaml").path
        for arguments in [["sla"], ["dashboard"], ["summary"], ["quarantine"], ["alerts"]] {
            let report = try run(arguments + ["--home", home.path] + (arguments == ["quarantine"] ? [] : ["--pipeline", pipeline]))
            XCTAssertEqual(report.status, 1, "\(arguments): \(report.err)")
            XCTAssertTrue(report.err.hasPrefix("Error: no CivicPulse database in \(home.path)/pg: `civicpulse ingest` creates one there"), report.err)
            XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent("pg").path), "\(arguments) created a cluster")
        }
    }

    func testStatusAndStopOfAClusterThatIsNotRunningSaySo() throws {
        let folder = home.appendingPathComponent("pg").path
        let status = try run(["db", "local", "status", "--dir", folder])
        XCTAssertEqual(status.status, 3, "as pg_ctl status says a server is not running")
        XCTAssertEqual(status.out, "no cluster in \(folder): `civicpulse db local start --dir '\(folder)'` creates one\n")
        let stop = try run(["db", "local", "stop", "--dir", folder])
        XCTAssertEqual(stop.status, 0, stop.err)
        XCTAssertEqual(stop.out, status.out)
    }

    /// Runs the built `civicpulse` with no database named in the environment.
    private func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try runCivicPulse(arguments, environment: ProcessInfo.processInfo.environment.filter { key, _ in
            !key.hasPrefix("PG") && key != "DATABASE_URL" && key != "CIVICPULSE_HOME"
        })
    }
}
