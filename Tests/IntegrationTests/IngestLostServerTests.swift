@testable import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// The server going away in the middle of an ingest, for real: a cluster of the test's own,
/// stopped at once (`pg_ctl stop -m immediate`) while ingest appends a long second file.
final class IngestLostServerTests: XCTestCase {
    private var folder: URL!
    private var cluster: LocalCluster!

    override func setUpWithError() throws {
        _ = try XCTUnwrap(try? LocalCluster.serverBinary("pg_ctl"), "the PostgreSQL server programs are needed (make deps)")
        folder = URL(fileURLWithPath: "/tmp/lost-server-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        cluster = LocalCluster(directory: folder.appendingPathComponent("pg"))
        try cluster.start()
    }

    override func tearDown() {
        try? cluster?.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// `count` mentions of about 2 KB, numbered from `first`.
    private func mentions(_ name: String, count: Int, first: Int) throws -> String {
        let link = "https://example.org/" + String(repeating: "mill-lane-", count: 200)
        let text = (first..<(first + count)).map { index in
            #"{"platform":"twitter","id":"\#(6_000_000 + index)","author":"5\#(index % 31)","text":"Bins on Mill Lane","time":"2026-11-22T\#(String(format: "%02d:%02d", index / 60 % 24, index % 60)):00Z","url":"\#(link)\#(index)"}"#
        }.joined(separator: "\n") + "\n"
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in !key.hasPrefix("PG") && key != "DATABASE_URL" }
        environment["DATABASE_URL"] = cluster.conninfo
        environment["CIVICPULSE_HOME"] = folder.appendingPathComponent("home").path
        return environment
    }

    private func arguments(_ files: [String]) -> [String] {
        ["ingest", "-q"] + files + ["--pipeline", Fixtures.root.appendingPathComponent("pipelines/example-council.yaml").path]
    }

    func testIngestSaysWhereItStoppedAndWhatLandedAndAgainCompletesTheRest() throws {
        let first = try mentions("1-first.jsonl", count: 3, first: 0)
        let second = try mentions("2-long.jsonl", count: 6_000, first: 100)
        let third = try mentions("3-last.jsonl", count: 2, first: 10_000)
        let binary = Fixtures.root.appendingPathComponent(".build/debug/civicpulse")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw XCTSkip("build the command first (make test does)") }

        let ingest = Process()
        ingest.executableURL = binary
        ingest.arguments = arguments([first, second, third])
        ingest.environment = environment
        let out = Pipe(), err = Pipe()
        ingest.standardOutput = out
        ingest.standardError = err
        try ingest.run()
        // The first file's line is written once it is committed: then the server goes.
        var printed = Data()
        while !printed.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += chunk
        }
        try stopAtOnce()
        printed += out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ingest.waitUntilExit()

        XCTAssertEqual(ingest.terminationStatus, 1, errors)
        XCTAssertEqual(String(decoding: printed, as: UTF8.self), """
            \(first): keyword-listening stream JSON Lines: 3 records read → 3 events appended, 0 already in the log, 0 records quarantined
            total: 1 file, 3 records read → 3 events appended, 0 already in the log, 0 records quarantined, 0 platform errors

            """)
        let lines = errors.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 1, "one line, no libpq dump: \(errors)")
        XCTAssertTrue(lines.first?.hasPrefix("Error: ingest stopped at \(second): lost the database connection: ") == true, errors)
        XCTAssertTrue(lines.first?.hasSuffix("; nothing of \(second) is in the log (rolled back as a whole); the 1 file before it is in the log; "
                                             + "ingest it and the 1 file after it again (what is already there counts as duplicate)") == true, errors)

        try cluster.start()
        let connection = try Connection(cluster.conninfo)
        XCTAssertEqual(try EventLog.count(on: connection), 3, "the first file, and nothing of the second")
        XCTAssertEqual(try connection.query("SELECT source_file FROM civicpulse.ingest_runs").map { try $0.decode(String.self, 0) }, [first])

        let again = try runCivicPulse(arguments([first, second, third]), environment: environment)
        XCTAssertEqual(again.status, 0, again.err)
        XCTAssertEqual(again.out, """
            \(first): keyword-listening stream JSON Lines: 3 records read → 0 events appended, 3 already in the log, 0 records quarantined
            \(second): keyword-listening stream JSON Lines: 6000 records read → 6000 events appended, 0 already in the log, 0 records quarantined
            \(third): keyword-listening stream JSON Lines: 2 records read → 2 events appended, 0 already in the log, 0 records quarantined
            total: 3 files, 6005 records read → 6002 events appended, 3 already in the log, 0 records quarantined, 0 platform errors

            """)
        XCTAssertEqual(try EventLog.count(on: connection), 6_005)
    }

    /// `pg_ctl stop -m immediate`: the server ends every connection at once, as a crash would.
    private func stopAtOnce() throws {
        let pgCtl = try LocalCluster.serverBinary("pg_ctl")
        let stop = Process()
        let command = [pgCtl, "-D", cluster.dataDirectory.path, "-m", "immediate", "-w", "stop"]
        stop.executableURL = URL(fileURLWithPath: geteuid() == 0 ? "/usr/sbin/runuser" : pgCtl)
        stop.arguments = geteuid() == 0 ? ["-u", "postgres", "--"] + command : Array(command.dropFirst())
        stop.standardOutput = FileHandle.nullDevice
        stop.standardError = FileHandle.nullDevice
        try stop.run()
        stop.waitUntilExit()
        XCTAssertEqual(stop.terminationStatus, 0, "pg_ctl stop")
    }
}
