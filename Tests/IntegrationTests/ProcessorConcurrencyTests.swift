import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// Two `civicpulse process` commands started together on one log, in small batches, each reading
/// ahead on its second connection: they take turns at the checkpoint, every event is applied
/// once, by one of them, and the projections are those a rebuild of the same log gives.
final class ProcessorConcurrencyTests: DatabaseTestCase {
    private var environment: [String: String] {
        ProcessInfo.processInfo.environment.merging(["PGDATABASE": database.name]) { _, new in new }
    }

    /// The events a finished `process` says it applied ("processed N events in …").
    private func processed(_ output: String) -> Int? {
        output.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("processed ") else { return nil }
            return Int(line.split(separator: " ")[1])
        }.last
    }

    func testTwoProcessorsAtOnceApplyEveryEventOnceAndEqualARebuild() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("civicpulse-two-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let simulate = try runCivicPulse(["simulate", "--org", "harbourside", "--days", "7", "--scale", "0.5", "--seed", "8",
                                          "--start", "2026-11-16", "--out", folder.path], environment: environment)
        XCTAssertEqual(simulate.status, 0, simulate.err)
        let ingest = try runCivicPulse(["ingest", "-q", folder.path], environment: environment)
        XCTAssertTrue([0, 3].contains(ingest.status), ingest.err)

        let processors = try (0..<2).map { _ in try ChildProcess(["process", "--batch-size", "40"], environment: environment) }
        for processor in processors {
            XCTAssertTrue(processor.wait(timeout: 300), "finished")
            XCTAssertEqual(processor.process.terminationStatus, 0, processor.output)
        }
        let counts = processors.map { processed($0.output) ?? -1 }
        let connection = try database.connect()
        let logged = try EventLog.count(on: connection)
        XCTAssertGreaterThan(logged, 2_000, "a log of many small batches")
        XCTAssertTrue(counts.allSatisfy { $0 > 0 }, "both applied batches: \(counts)")
        XCTAssertEqual(counts.reduce(0, +), logged, "every event applied once, spike events included: \(counts)")
        let stored = try connection.query("SELECT events_processed FROM projections.checkpoints")[0].decode(Int.self, 0)
        XCTAssertEqual(stored, logged)

        let together = try projectionDigests(database)
        let rebuild = try runCivicPulse(["process", "-q", "--rebuild"], environment: environment)
        XCTAssertEqual(rebuild.status, 0, rebuild.err)
        XCTAssertEqual(try EventLog.count(on: connection), logged, "the rebuild appends no spike event: they were appended once")
        assertSameProjections(try projectionDigests(database), together, "two processors at once, against a rebuild")
    }
}
