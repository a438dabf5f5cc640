import Foundation
import XCTest

/// The built `civicpulse` binary, as a user runs it: output and exit codes.
final class CommandLineTests: DatabaseTestCase {
    func testHelpListsTheCommands() throws {
        let result = try run(["--help"])
        XCTAssertEqual(result.status, 0)
        for command in ["ingest", "process", "dashboard", "sla", "db"] {
            XCTAssertTrue(result.out.contains("  \(command)"), "missing \(command) in:\n\(result.out)")
        }
    }

    func testIngestProcessDashboardEndToEnd() throws {
        let ingest = try run(["ingest", Fixtures.path("harbourside-tweets.json"), Fixtures.path("harbourside-tweets-monday.json")])
        XCTAssertEqual(ingest.status, 3, "a record was quarantined: the user should look")
        XCTAssertTrue(ingest.out.contains("11 records read → 10 events appended, 0 already in the log, 1 record quarantined"), ingest.out)
        XCTAssertTrue(ingest.err.contains("using PostgreSQL from the PG* environment"), ingest.err)
        XCTAssertTrue(ingest.err.contains("data[8] (id 1010): field 'created_at'"), ingest.err)

        XCTAssertEqual(try run(["ingest", "-q", Fixtures.path("harbourside-tweets-monday.json")]).status, 0, "a duplicate is not a problem")
        let quarantine = try run(["quarantine", "-q"])
        XCTAssertEqual(quarantine.status, 0)
        XCTAssertTrue(quarantine.out.hasSuffix("harbourside-tweets.json: data[8] (id 1010): field 'created_at': not a timestamp: \"yesterday afternoon\"\n"), quarantine.out)
        let process = try run(["process", "-q"])
        XCTAssertEqual(process.status, 0)
        XCTAssertTrue(process.out.hasPrefix("processed 11 events"), process.out)

        let dashboard = try run(["dashboard", "-q", "--from", "2026-11-16", "--to", "2026-11-22", "--format", "json"])
        XCTAssertEqual(dashboard.status, 0, dashboard.err)
        let json = try JSONSerialization.jsonObject(with: Data(dashboard.out.utf8)) as! [String: Any]
        XCTAssertEqual((json["total"] as! [String: Any])["inbound"] as? Int, 5)
    }

    func testBadInputGetsOneClearLineAndANonZeroExit() throws {
        let missing = try run(["ingest", "-q", "no-such-file.json"])
        XCTAssertEqual(missing.status, 3)
        XCTAssertEqual(missing.out.trimmingCharacters(in: .whitespacesAndNewlines), "no-such-file.json: not ingested: cannot read the file: no such file or directory")

        let unreachable = try run(["db", "status", "--database", "host=/nonexistent-socket-folder dbname=x"])
        XCTAssertEqual(unreachable.status, 1, "a clear error, not a crash")
        XCTAssertEqual(unreachable.err.split(separator: "\n").count, 1, unreachable.err)
        XCTAssertTrue(unreachable.err.hasPrefix("Error: cannot connect to PostgreSQL: connection to server on socket \"/nonexistent-socket-folder/"), unreachable.err)

        let periods = try run(["dashboard", "-q", "--from", "2026-11-22", "--to", "2026-11-16"])
        XCTAssertNotEqual(periods.status, 0)
        XCTAssertTrue(periods.err.contains("--from 2026-11-22 is after --to 2026-11-16"), periods.err)

        let limit = try run(["sla", "-q", "--limit=-1"])
        XCTAssertEqual(limit.status, 64, "a bad argument")
        XCTAssertTrue(limit.err.contains("--limit must be from 0 to 1000000 (got -1)"), limit.err)

        let pipeline = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).yaml")
        try "org: harbourside\nservices: {}\naccounts: {}\nsla:\n  targets:\n    - { target: 2 wrking days }\n".write(to: pipeline, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: pipeline) }
        let config = try run(["dashboard", "-q", "--pipeline", pipeline.path])
        XCTAssertEqual(config.status, 1)
        XCTAssertTrue(config.err.contains("\(pipeline.path):6: sla.targets[0].target:"), config.err)
    }

    /// Each file that cannot be taken says why in words a user can act on, never a library's own
    /// error text ("NSCocoaErrorDomain error 256", "quotation(message: …)"), and the other files
    /// are still ingested.
    func testAFileThatCannotBeTakenSaysWhy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unreadable-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func file(_ name: String, _ bytes: [UInt8]) throws -> String {
            let url = folder.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url.path
        }
        let empty = try file("empty.json", []), blank = try file("blank.json", Array(" \n\n".utf8))
        let csv = try file("export.csv", Array("message_id,sent_at\nm1,2026-11-16T09:00:00Z\n".utf8))
        let ingested = try run(["ingest", "-q", empty, blank, csv])
        XCTAssertEqual(ingested.status, 3)
        XCTAssertEqual(ingested.out.split(separator: "\n").prefix(3).map(String.init), [
            "\(empty): not ingested: the file is empty", "\(blank): not ingested: the file is empty",
            "\(csv): not ingested: line 1, byte 1: expected a value, found 'm' (the file is neither JSON nor JSON Lines, one JSON object per line; "
                + "a CSV export is read through one of the pipeline's channels: ingest --mapping ID)",
        ])

        let binary = try file("binary.csv", [0x4D, 0x00, 0xFF, 0x22, 0x0A])
        let quoted = try file("quoted.csv", Array("message_id,body\nm1,say \"hello\"\n".utf8))
        for (path, reason) in [(binary, "not a CSV or JSON Lines export: the file holds NUL bytes, as binary files do"),
                               (quoted, "not valid CSV: a field has a quote (\") inside it without being quoted itself, or a quoted field is never closed")] {
            let mapped = try run(["ingest", "-q", "--mapping", "webchat", path])
            XCTAssertEqual(mapped.status, 3)
            XCTAssertEqual(mapped.out.trimmingCharacters(in: .newlines), "\(path): not ingested: \(reason)")
        }

        let pipelineFolder = try run(["dashboard", "-q", "--pipeline", folder.path])
        XCTAssertEqual(pipelineFolder.status, 64, "a folder named as the pipeline is a bad argument, as a missing file is")
        XCTAssertTrue(pipelineFolder.err.contains("--pipeline '\(folder.path)': a folder, not a pipeline file"), pipelineFolder.err)
        let binaryPipeline = try run(["dashboard", "-q", "--pipeline", binary])
        XCTAssertEqual(binaryPipeline.status, 1)
        XCTAssertEqual(binaryPipeline.err.split(separator: "\n").count, 1, binaryPipeline.err)
        XCTAssertTrue(binaryPipeline.err.contains("not a pipeline file: a pipeline is YAML in UTF-8 text, and this file holds other bytes"), binaryPipeline.err)
    }

    func testDatabaseStatusShowsAppliedMigrations() throws {
        let status = try run(["db", "status", "-q"])
        XCTAssertEqual(status.status, 0)
        XCTAssertTrue(status.out.contains("applied  001_event_log"), status.out)
        XCTAssertFalse(status.out.contains("pending"), status.out)
    }
}
