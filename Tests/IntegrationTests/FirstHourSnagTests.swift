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

    /// An empty path names nothing: every command that takes a path refuses it as a bad
    /// argument, naming which one, instead of reading the current folder or printing a
    /// nameless ": not read".
    func testAnEmptyPathIsABadArgumentEverywhere() throws {
        let cases: [(arguments: [String], name: String)] = [
            (["inspect", ""], "<file>"),
            (["inspect", Fixtures.path("harbourside-tweets.json"), ""], "<file>"),
            (["ingest", "-q", ""], "<source-or-file>"),
            (["ingest", "-q", "twitter", ""], "<file>"),
            (["db", "local", "status", "--dir", ""], "--dir"),
            (["simulate", "--days", "1", "--seed", "1", "--out", ""], "--out"),
            (["summary", "-q", "--out", ""], "--out"),
            (["sla", "-q", "--home", ""], "--home"),
            (["dashboard", "-q", "--pipeline", ""], "--pipeline"),
            (["fetch", "--once", "--archive", ""], "--archive"),
            (["serve", "--archive", ""], "--archive"),
        ]
        for (arguments, name) in cases {
            let result = try run(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.err)")
            XCTAssertEqual(result.err, "Error: \(name) is empty: name a file or folder\n", "\(arguments)")
            XCTAssertEqual(result.out, "", "\(arguments)")
        }
    }

    /// A --from after --to, given or by default, says so in every report that takes a period,
    /// rather than that "9999-12-31 to 2026-12-04 has not begun".
    func testAFromAfterTheDefaultToIsSaidToBeSo() throws {
        for command in ["dashboard", "sla", "reach"] {
            let late = try run([command, "-q", "--from", "9999-12-31"])
            XCTAssertEqual(late.status, 64, "\(command): \(late.err)")
            XCTAssertTrue(late.err.hasPrefix("Error: --from 9999-12-31 is after --to "), "\(command): \(late.err)")
            XCTAssertTrue(late.err.hasSuffix(" (by default today)\n"), "\(command): \(late.err)")

            let asOf = try run([command, "-q", "--from", "2026-11-20", "--as-of", "2026-11-16T12:00"])
            XCTAssertEqual(asOf.status, 64, "\(command): \(asOf.err)")
            XCTAssertEqual(asOf.err, "Error: --as-of 2026-11-16 12:00 is before the period starts (2026-11-20, Europe/London)\n",
                           "\(command): with --as-of, the period starting after it is the mistake")

            let given = try run([command, "-q", "--from", "2026-11-20", "--to", "2026-11-16"])
            XCTAssertEqual(given.err, "Error: --from 2026-11-20 is after --to 2026-11-16\n", command)
        }
    }

    /// A folder with no cluster (never made, or deleted) is said to have none, with how to make
    /// one, not to hold a cluster that is "stopped".
    func testStatusOfAFolderWithNoClusterSaysThereIsNone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("no-cluster-\(UUID().uuidString)/pg")
        let status = try run(["db", "local", "status", "--dir", folder.path])
        XCTAssertEqual(status.status, 3, status.err)
        XCTAssertEqual(status.out, "no cluster in \(folder.path): `civicpulse db local start --dir '\(folder.path)'` creates one\n")
        let stop = try run(["db", "local", "stop", "--dir", folder.path])
        XCTAssertEqual(stop.status, 0, stop.err)
        XCTAssertEqual(stop.out, status.out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path), "asking made the folder")
    }

    /// A --file that names no file ingest has seen is a typo, refused with the nearest files,
    /// not "no quarantined records" and exit 0, which reads as a clean file.
    func testQuarantineRefusesAFileIngestHasNotSeen() throws {
        let none = try run(["quarantine", "-q", "--file", "tweets"])
        XCTAssertEqual(none.status, 64, none.err)
        XCTAssertEqual(none.err, "Error: --file 'tweets' matches no file ingest has read or quarantined from (ingest has read no file yet)\n")

        let tweets = Fixtures.path("harbourside-tweets.json")
        XCTAssertEqual(try run(["ingest", "-q", tweets]).status, 3, "the fixture holds a record ingest quarantines")
        let typo = try run(["quarantine", "-q", "--file", "nonexistent"])
        XCTAssertEqual(typo.status, 64, typo.err)
        XCTAssertEqual(typo.err, "Error: --file 'nonexistent' matches no file ingest has read or quarantined from (files ingest has read: \(tweets))\n")
        XCTAssertEqual(typo.out, "")
        let otherCase = try run(["quarantine", "-q", "--file", "HARBOURSIDE-TWEETS"])
        XCTAssertEqual(otherCase.status, 64, otherCase.err)
        XCTAssertTrue(otherCase.err.hasSuffix("(files ingest has read: \(tweets))\n"), otherCase.err)

        let listed = try run(["quarantine", "-q", "--file", "harbourside-tweets"])
        XCTAssertEqual(listed.status, 0, listed.err)
        XCTAssertTrue(listed.out.contains("\(tweets): data[8] (id 1010): field 'created_at': "), listed.out)
    }

    /// A command name one slip of the keys away from a real one is answered with it, at every
    /// level and after `help`; a name near none is refused with the list alone.
    func testAMistypedCommandIsAnsweredWithTheNearestOne() throws {
        let commands = "db, ingest, inspect, quarantine, process, dashboard, sla, heatmap, reach, summary, alerts, incident, simulate, fetch, serve, export, report, forget, privacy, retention, resident"
        let cases: [([String], String)] = [
            (["dashbaord"], "Error: unknown command 'dashbaord': did you mean 'dashboard'? (commands: \(commands))\n"),
            (["-q", "summray", "--week", "2026-W47"], "Error: unknown command 'summray': did you mean 'summary'? (commands: \(commands))\n"),
            (["help", "incdent"], "Error: unknown command 'incdent': did you mean 'incident'? (commands: \(commands))\n"),
            (["db", "lcoal", "status"], "Error: unknown command 'lcoal': did you mean 'local'? (commands: migrate, status, local)\n"),
            (["frobnicate"], "Error: unknown command 'frobnicate' (commands: \(commands))\n"),
        ]
        for (arguments, error) in cases {
            let result = try run(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments)")
            XCTAssertEqual(result.err, error)
            XCTAssertEqual(result.out, "")
        }
        XCTAssertEqual(try run(["help", "db", "local"]).status, 0)
    }
}
