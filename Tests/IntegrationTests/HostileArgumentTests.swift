import Foundation
import XCTest

/// Every kind of argument of every command (durations, times, offsets, days, weeks, counts,
/// paths, addresses) at and past the ends of its range, through the built binary: a value
/// outside is one line naming the argument and exit 64, never a crash or a raw error from
/// PostgreSQL or Foundation; a value at the end of the range works.
final class HostileArgumentTests: DatabaseTestCase {
    /// Arguments and the argument the one line must name.
    static let refused: [([String], String)] = [
        (["alerts", "--since", "99999999999d"], "--since"),
        (["alerts", "--urgent-within", "99999999999d"], "--urgent-within"),
        (["alerts", "--data-within", "99999999999999999999999h"], "--data-within"),
        (["alerts", "--since", "-5m"], "--since"),
        (["alerts", "--as-of", "0000-01-01T00:00:00Z"], "--as-of"),
        (["alerts", "--as-of", "2026-11-23T09:40:00+99:00"], "--as-of"),
        (["alerts", "--as-of", "2026-02-30T10:00"], "--as-of"),
        (["alerts", "--limit", "-1"], "--limit"),
        (["alerts", "--limit", "99999999999999999999"], "--limit"),
        (["dashboard", "--from", "0001-01-01", "--to", "9999-12-31"], "--from"),
        (["dashboard", "--to", "0001-01-07"], "--to"),
        (["dashboard", "--from", "2026-13-01"], "--from"),
        (["dashboard", "--as-of", "1700000000"], "--as-of"),
        (["sla", "--as-of", "2026-11-23T09:40:00+14:30"], "--as-of"),
        (["sla", "--limit", "9223372036854775807"], "--limit"),
        (["sla", "--limit", "abc"], "--limit"),
        (["reach", "--week", "0000-W01"], "--week"),
        (["reach", "--week", "9999-W52"], "--week"),
        (["reach", "--as-of", "10000-01-01"], "--as-of"),
        (["summary", "--week", "0000-W01"], "--week"),
        (["summary", "--as-of", "2026-11-23T09:40-24:00"], "--as-of"),
        (["summary", "--out", "/nonexistent-civicpulse-folder/summary.md"], "--out"),
        (["summary", "--out", "/proc/civicpulse-summary.md"], "--out"),
        (["summary", "--out", "/tmp"], "--out"),
        (["summary", "--mail-to", "not an address"], "--mail-to"),
        (["summary", "--mail-to", "chief@harbourside.example\r\nBcc: everyone@example.org"], "--mail-to"),
        (["summary", "--mail-to", "chief@harbourside.example", "--mail-from", "a@b.example\nBcc: c@d.example"], "--mail-from"),
        (["incident", "--from", "0000-01-01", "--to", "2026-11-22"], "--from"),
        (["incident", "--from", "2026-11-21", "--to", "10000-01-01"], "--to"),
        (["incident", "--spike", "abcd1234", "--limit", "-5"], "--limit"),
        (["quarantine", "--limit", "9223372036854775807"], "--limit"),
        (["sla", "--service", "wsate"], "--service"),
        (["sla", "--pipeline", "/nonexistent-civicpulse-pipeline.yaml"], "--pipeline"),
        (["simulate", "--org", "harbourside", "--days", "99999", "--seed", "1", "--out", "/tmp/never"], "--days"),
        (["simulate", "--org", "harbourside", "--days", "7", "--seed", "1", "--scale", "1e300", "--out", "/tmp/never"], "--scale"),
        (["simulate", "--org", "harbourside", "--days", "7", "--seed", "1", "--start", "0000-01-01", "--out", "/tmp/never"], "--start"),
        (["simulate", "--org", "harbourside", "--days", "7", "--seed", "1", "--out", "/proc/version/simulation"], "--out"),
        (["process", "--batch-size", "0"], "--batch-size"),
        (["process", "--batch-size", "99999999999"], "--batch-size"),
        (["db", "local", "start", "--port", "0"], "--port"),
        (["db", "local", "status", "--port", "70000"], "--port"),
        (["db", "local", "start", "--dir", "/proc/civicpulse/pg"], "--dir"),
        (["ingest", "-dash.json"], "./-dash.json"),
        (["summary", "--out", "-leading.md"], "./-leading.md"),
    ]

    func testEachValueOutsideItsRangeIsOneLineNamingTheArgument() throws {
        for (arguments, name) in Self.refused {
            let result = try run(arguments[0] == "db" ? arguments : [arguments[0], "-q"] + arguments.dropFirst())
            let label = arguments.joined(separator: " ")
            XCTAssertEqual(result.status, 64, label + "\n" + result.err)
            XCTAssertEqual(result.out, "", label)
            XCTAssertEqual(result.err.filter(\.isNewline).count, 1, "one line: " + label + "\n" + result.err)
            XCTAssertTrue(result.err.hasPrefix("Error: "), label + "\n" + result.err)
            XCTAssertTrue(result.err.contains(name), "names \(name): " + result.err)
            for raw in ["Fatal error", "SQLSTATE", "22007", "22008", "NSCocoaErrorDomain", "Usage:"] {
                XCTAssertFalse(result.err.contains(raw), label + "\n" + result.err)
            }
        }
    }

    /// The ends of each range are values PostgreSQL takes: the reports run.
    func testTheEndsOfEachRangeWork() throws {
        let accepted: [[String]] = [
            ["dashboard", "--from", "1970-01-01", "--to", "1970-01-07"],
            ["dashboard", "--from", "9999-12-25", "--to", "9999-12-31", "--as-of", "9999-12-31T23:59:59-12:00"],
            ["sla", "--as-of", "1970-01-01T00:00:00Z", "--limit", "1000000"],
            ["reach", "--week", "9999-W51", "--as-of", "9999-12-31T23:59:59-12:00"],
            ["summary", "--week", "1970-W02", "--format", "markdown"],
            ["summary", "--week", "9999-W51", "--as-of", "9999-12-31T23:59:59-12:00", "--format", "json"],
            ["incident", "--from", "9999-12-31T12:00", "--to", "9999-12-31"],
            ["quarantine", "--limit", "1000000"],
        ]
        for arguments in accepted {
            let result = try run([arguments[0], "-q"] + arguments.dropFirst())
            XCTAssertEqual(result.status, 0, arguments.joined(separator: " ") + "\n" + result.err)
            XCTAssertFalse(result.out.isEmpty, arguments.joined(separator: " "))
        }
        let alerts = try run(["alerts", "-q", "--as-of", "1970-01-01T00:00:00+14:00", "--since", "3650d", "--urgent-within", "3650d", "--data-within", "3650d"])
        XCTAssertEqual(alerts.err, "", "no error; exit 2 only says no message was processed within --data-within")
    }

    /// `make bench`'s 10M size simulates 1,403 days (10M events at scale 7.5, 950 events a day
    /// at scale 1); a cap of a year on `--days` stopped it before it began.
    func testTheBenchsLongestHistoryIsSimulated() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("simulate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try run(["simulate", "--org", "harbourside", "--days", "1403", "--scale", "0.01", "--seed", "1",
                              "--start", "2021-12-16", "--out", folder.path])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(try String(contentsOf: folder.appendingPathComponent("summary.txt"), encoding: .utf8).contains("1403 days from 2021-12-16"))
    }

    func testTheSummaryIsWrittenToAFileInAFolderThatExists() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString).md")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try run(["summary", "-q", "--week", "2026-W47", "--format", "markdown", "--out", file.path])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(try String(contentsOf: file, encoding: .utf8).contains("weekly summary"))
    }
}
