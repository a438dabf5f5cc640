import Foundation
import XCTest

/// Output that cannot be written is said, and a file is never written over unasked: through the
/// built binary, as a fresh-clone trial found them (a summary silently replacing a CSV export,
/// `--out /dev/full` replacing the device node as root, reports into a full disk crashing with
/// `Fatal error` or exiting 0 with the output lost).
final class OutputWriteTests: FolderTestCase {
    private let week = ["--from", "2026-11-16", "--to", "2026-11-22"]
    private let full = "/dev/full"

    override func setUpWithError() throws {
        try super.setUpWithError()
        XCTAssertEqual(try runAtHome(["ingest", "-q", Fixtures.path("harbourside-tweets-monday.json")]).status, 0)
        XCTAssertEqual(try runAtHome(["process", "-q"]).status, 0)
    }

    /// Runs the built `civicpulse` against this test's database with its standard output on
    /// `path` (standard error read as usual).
    private func run(_ arguments: [String], outputTo path: String) throws -> (status: Int32, err: String) {
        let process = Process()
        process.executableURL = Fixtures.root.appendingPathComponent(".build/debug/civicpulse")
        process.arguments = arguments
        process.currentDirectoryURL = Fixtures.root
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = database.name
        environment["CIVICPULSE_HOME"] = folder.path
        process.environment = environment
        let output = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        defer { try? output.close() }
        let err = Pipe()
        process.standardOutput = output
        process.standardError = err
        try process.run()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, errors)
    }

    private func isCharacterDevice(_ path: String) -> Bool {
        var found = stat()
        return stat(path, &found) == 0 && found.st_mode & S_IFMT == S_IFCHR
    }

    func testEveryCommandIntoAFullDiskSaysSoInOneLineAndFails() throws {
        guard isCharacterDevice(full) else { throw XCTSkip("\(full) is not there to fill") }
        let commands: [[String]] = [
            ["dashboard"] + week, ["sla", "--format", "json"], ["reach"], ["heatmap"] + week, ["report", "foi"] + week,
            ["quarantine"], ["export", "items"] + week, ["export", "replies"] + week, ["summary", "--week", "2026-W47"],
            ["alerts"], ["incident"] + week, ["db", "status"], ["inspect", Fixtures.path("harbourside-tweets-monday.json")],
        ]
        for command in commands {
            // inspect uses no database and takes no -q.
            let result = try run(command[0] == "inspect" ? command : ["-q"] + command, outputTo: full)
            XCTAssertEqual(result.status, 74, "\(command): \(result.err)")
            XCTAssertEqual(result.err, "civicpulse: cannot write the output: No space left on device\n", "\(command)")
        }
        XCTAssertTrue(isCharacterDevice(full), "\(full) is still the device")
    }

    func testAFileIsReplacedOnlyWithForceAndWholeOrNotAtAll() throws {
        let file = folder.appendingPathComponent("items.csv")
        try Data("last month's export\n".utf8).write(to: file)
        let refused = try runAtHome(["summary", "-q", "--week", "2026-W47", "--out", file.path])
        XCTAssertEqual(refused.status, 64, refused.err)
        XCTAssertEqual(refused.err, "Error: --out '\(file.path)' exists: add --force to replace it\n")
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "last month's export\n")

        let replaced = try runAtHome(["summary", "-q", "--week", "2026-W47", "--out", file.path, "--force"])
        XCTAssertEqual(replaced.status, 0, replaced.err)
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), try runAtHome(["summary", "-q", "--week", "2026-W47"]).out)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix("actor.key") }, ["items.csv"],
                       "no temporary file is left beside it")
    }

    /// `summary --out` says on standard error what it wrote where, as the exports' --output do:
    /// the summary, or the e-mail made of it with --mail-to.
    func testTheSummarySaysWhatItWroteWhere() throws {
        let file = folder.appendingPathComponent("summary.txt")
        let written = try runAtHome(["summary", "--week", "2026-W47", "--out", file.path])
        XCTAssertEqual(written.status, 0, written.err)
        XCTAssertTrue(written.err.hasSuffix("wrote the summary to \(file.path)\n"), written.err)

        let mail = folder.appendingPathComponent("summary.eml")
        let mailed = try runAtHome(["summary", "--week", "2026-W47", "--mail-to", "chief.executive@example.org", "--out", mail.path])
        XCTAssertEqual(mailed.status, 0, mailed.err)
        XCTAssertTrue(mailed.err.hasSuffix("wrote the summary's e-mail to \(mail.path)\n"), mailed.err)
        XCTAssertTrue(try String(contentsOf: mail, encoding: .utf8).contains("To: chief.executive@example.org"))
    }

    /// A fifo stands for every node that is not a file (a device such as /dev/full, a socket),
    /// which renaming over would replace: the test does not name a device, so that a build
    /// without the check, run as root, cannot replace one.
    func testOnlyARegularFileIsEverWritten() throws {
        let fifo = folder.appendingPathComponent("pipe").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        for (path, kind) in [(fifo, "a fifo"), (folder.path, "a folder")] {
            for (command, name) in [(["summary", "--week", "2026-W47", "--out"], "--out"), (["export", "items"] + week + ["--output"], "--output"),
                                    (["resident", "export", "--platform", "twitter", "--user-id", "1", "--output"], "--output")] {
                let result = try runAtHome(["-q"] + command + [path, "--force"])
                XCTAssertEqual(result.status, 64, "\(command) \(path): \(result.err)")
                XCTAssertEqual(result.err, "Error: \(name) '\(path)' is \(kind), not a regular file: name a file to write\n")
            }
        }
        var found = stat()
        XCTAssertEqual(stat(fifo, &found), 0)
        XCTAssertEqual(found.st_mode & S_IFMT, S_IFIFO, "the fifo is still one")
    }

    private func mode(_ file: URL) -> mode_t {
        var found = stat()
        XCTAssertEqual(stat(file.path, &found), 0, file.path)
        return found.st_mode & 0o7777
    }

    /// A new export or subject access answer was made as the umask said (0644, readable by every
    /// account on the machine) though it holds residents' links and messages (docs/security.md);
    /// and a file replaced with --force lost the mode its owner had given it.
    func testAFileThatCanHoldResidentsDataIsTheOwnersAloneAndAReplacedFileKeepsItsMode() throws {
        let mask = umask(0o022)
        defer { umask(mask) }
        XCTAssertEqual(try runAtHome(["ingest", "-q", Fixtures.path("harbourside-tweets.json")]).status, 3, "its quarantined records said")
        for (command, name) in [(["export", "items"] + week + ["--output"], "items.csv"), (["export", "replies"] + week + ["--output"], "replies.csv"),
                                (["resident", "export", "--platform", "twitter", "--user-id", "100001", "--output"], "answer.json")] {
            let file = folder.appendingPathComponent(name)
            let made = try runAtHome(["-q"] + command + [file.path])
            XCTAssertEqual(made.status, 0, "\(command): \(made.err)")
            XCTAssertEqual(mode(file), 0o600, "\(command)")
            XCTAssertEqual(chmod(file.path, 0o640), 0)
            let replaced = try runAtHome(["-q"] + command + [file.path, "--force"])
            XCTAssertEqual(replaced.status, 0, "\(command): \(replaced.err)")
            XCTAssertEqual(mode(file), 0o640, "\(command) keeps the mode of the file it replaced")
        }
        let summary = folder.appendingPathComponent("w47.txt")
        XCTAssertEqual(try runAtHome(["-q", "summary", "--week", "2026-W47", "--out", summary.path]).status, 0)
        XCTAssertEqual(mode(summary), 0o644, "a summary holds no resident's data: made as the umask says")
        XCTAssertEqual(chmod(summary.path, 0o600), 0)
        XCTAssertEqual(try runAtHome(["-q", "summary", "--week", "2026-W47", "--out", summary.path, "--force"]).status, 0)
        XCTAssertEqual(mode(summary), 0o600, "the summary replaced keeps its mode")
    }

    /// `process --follow` said its batches with `print`, buffered and never checked: its reader
    /// gone, it followed on, every line lost without a word.
    func testAFollowerWhoseReaderHasGoneStopsAfterItsBatchSayingSoInOneLine() throws {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        let process = Process()
        process.executableURL = Fixtures.root.appendingPathComponent(".build/debug/civicpulse")
        process.arguments = ["process", "-q", "--follow"]
        process.currentDirectoryURL = Fixtures.root
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = database.name
        environment["CIVICPULSE_HOME"] = folder.path
        process.environment = environment
        process.standardOutput = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        let err = Pipe()
        process.standardError = err
        try process.run()
        close(ends[1])
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        // The catch-up's line is read; then nobody reads any more.
        let caughtUp = FileHandle(fileDescriptor: ends[0], closeOnDealloc: false).availableData
        XCTAssertTrue(String(decoding: caughtUp, as: UTF8.self).hasPrefix("processed 0 events"))
        close(ends[0])
        XCTAssertEqual(try runAtHome(["ingest", "-q", Fixtures.path("harbourside-tweets.json")]).status, 3, "its quarantined records said")
        let stopped = poll(timeout: 60) { !process.isRunning }
        if !stopped { process.terminate() }
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertTrue(stopped, "it stopped by itself: \(errors)")
        XCTAssertEqual(process.terminationStatus, 74, errors)
        XCTAssertEqual(errors, "following the log; stop with Ctrl-C\ncivicpulse: cannot write the output: Broken pipe\n")
        XCTAssertEqual(try runAtHome(["process", "-q"]).out.prefix(18), "processed 0 events", "the batch it could not say was committed")
    }
}
