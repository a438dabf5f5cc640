import Foundation
import XCTest

/// With no database named, reports do not create the embedded cluster: run in another folder
/// they would find an empty database there and report a quiet week. No server needed.
final class EmbeddedDefaultTests: XCTestCase {
    func testAReportWhereNoDatabaseWasEverMadeSaysSoAndCreatesNone() throws {
        let binary = Fixtures.root.appendingPathComponent(".build/debug/civicpulse")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw XCTSkip("build the command first (make test does)") }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("civicpulse-nohome-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let pipeline = Fixtures.root.appendingPathComponent("pipelines/example-council.yaml").path
        for arguments in [["sla"], ["dashboard"], ["summary"], ["quarantine"], ["alerts"]] {
            let process = Process()
            process.executableURL = binary
            process.arguments = arguments + ["--home", home.path] + (arguments == ["quarantine"] ? [] : ["--pipeline", pipeline])
            process.environment = ProcessInfo.processInfo.environment.filter { key, _ in
                !key.hasPrefix("PG") && key != "DATABASE_URL" && key != "CIVICPULSE_HOME"
            }
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 1, "\(arguments): \(message)")
            XCTAssertTrue(message.hasPrefix("Error: no CivicPulse database in \(home.path)/pg: `civicpulse ingest` creates one there"), message)
            XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent("pg").path), "\(arguments) created a cluster")
        }
    }
}
