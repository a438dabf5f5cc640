import Foundation
import XCTest

/// What a new user meets in their first hour with the built command (issue 20): the version,
/// shared options anywhere on the line, a pipeline looked for and not found, `simulate`'s
/// defaults, a week asked for before it has begun, and a clone whose path swift build cannot build in.
final class FirstHourCommandTests: DatabaseTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("first-hour-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    private var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = database.name
        environment["CIVICPULSE_PIPELINE"] = nil
        return environment
    }

    private var examplePipeline: String { Fixtures.root.appendingPathComponent("pipelines/example-council.yaml").path }

    func testVersion() throws {
        let version = try run(["--version"])
        XCTAssertEqual(version.status, 0, version.err)
        XCTAssertNotNil(version.out.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression), version.out)
    }

    /// `PREFIX=… make install` puts the command, its man page and its completions where a shell
    /// and `man` look for them, in the folder named even with a `$` in it. (`-o build`: the
    /// command is built already, by `make test`.)
    func testMakeInstallPutsTheCommandManPageAndCompletionsUnderThePrefix() throws {
        let prefix = folder.appendingPathComponent("prefix with space $x;y")
        var environment = ProcessInfo.processInfo.environment
        environment["PREFIX"] = prefix.path
        XCTAssertEqual(try make(["-s", "-o", "build", "install"], environment: environment).status, 0)

        let installed = Process(), out = Pipe()
        installed.executableURL = prefix.appendingPathComponent("bin/civicpulse")
        installed.arguments = ["--version"]
        installed.standardOutput = out
        try installed.run()
        let version = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        installed.waitUntilExit()
        XCTAssertEqual(version, try run(["--version"]).out, "the installed command is the built one")
        let manual = try String(contentsOf: prefix.appendingPathComponent("share/man/man1/civicpulse.1"), encoding: .utf8)
        XCTAssertTrue(manual.contains(".Nm civicpulse"), manual)
        for (file, shell) in [("share/bash-completion/completions/civicpulse", "bash"), ("share/zsh/site-functions/_civicpulse", "zsh"),
                              ("share/fish/vendor_completions.d/civicpulse.fish", "fish")] {
            let script = try String(contentsOf: prefix.appendingPathComponent(file), encoding: .utf8)
            XCTAssertEqual(script, try run(["--generate-completion-script", shell]).out, shell)
            for command in ["summary", "quarantine", "simulate"] { XCTAssertTrue(script.contains(command), "\(shell): \(command)") }
        }
        for command in ["summary", "quarantine", "simulate"] { XCTAssertTrue(manual.contains(command), command) }
    }

    /// On make's command line a `$` in PREFIX is make's own (`$x` expands to nothing): the files
    /// would go to another folder, so it is refused with the way that works, and nothing is made.
    func testMakeInstallRefusesAPrefixOnItsCommandLineThatMakeWouldExpand() throws {
        let prefix = folder.appendingPathComponent("prefix $x;y")
        let made = try make(["-s", "-o", "build", "install", "PREFIX=\(prefix.path)"], environment: ProcessInfo.processInfo.environment)
        XCTAssertNotEqual(made.status, 0)
        XCTAssertTrue(made.err.contains("give it through the environment instead: PREFIX='...' make install"), made.err)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("prefix") }, [])
    }

    /// Runs make in `directory` (the clone by default); its status and what it wrote to stderr.
    private func make(_ arguments: [String], in directory: URL = Fixtures.root, environment: [String: String]) throws -> (status: Int32, err: String) {
        let make = Process(), err = Pipe()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        make.arguments = ["make"] + arguments
        make.currentDirectoryURL = directory
        make.environment = environment
        make.standardOutput = FileHandle.nullDevice
        make.standardError = err
        try make.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        make.waitUntilExit()
        return (make.terminationStatus, message)
    }

    /// swift build cannot build in a folder whose path holds a double quote (it writes the path
    /// unescaped into JSON), so make runs every target in a copy of the sources kept in a folder
    /// without one, and says where; nothing is built in the clone itself. (`deps` stands for every
    /// target here: it goes the same way without a cold build.)
    func testMakeInAPathWithADoubleQuoteRunsInACopyWithoutOne() throws {
        let clone = folder.appendingPathComponent("it's a \"clone\" $HOME;x")
        let cache = folder.appendingPathComponent("cache")
        try FileManager.default.createDirectory(at: clone.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        for file in ["Makefile", "scripts/refresh-build-copy", "scripts/install-deps"] {
            try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent(file), to: clone.appendingPathComponent(file))
        }
        try Data("// a source file\n".utf8).write(to: clone.appendingPathComponent("Marker.swift"))
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = cache.path
        let made = try make(["-s", "deps"], in: clone, environment: environment), message = made.err
        XCTAssertEqual(made.status, 0, message)
        let copies = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("civicpulse").path)
        XCTAssertEqual(copies.count, 1, "one copy per clone")
        let copy = cache.appendingPathComponent("civicpulse").appendingPathComponent(copies[0])
        XCTAssertFalse(copy.path.contains("\""))
        XCTAssertTrue(message.contains("so this clone is built and run in \(copy.path)"), message)
        XCTAssertEqual(try String(contentsOf: copy.appendingPathComponent("Marker.swift"), encoding: .utf8), "// a source file\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: clone.appendingPathComponent(".build").path), "nothing is built in the clone")

        // What a target writes there for the user (here a stand-in for `deps` that writes a bench
        // result, as `make bench` does) comes back to the clone; the fuzz build and its corpus stay
        // in the copy through the next refresh.
        let stub = clone.appendingPathComponent("scripts/install-deps")
        try FileManager.default.removeItem(at: stub)
        try Data("#!/bin/sh\nmkdir -p bench/results && echo '{}' > bench/results/run.json\n".utf8).write(to: stub)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub.path)
        let fuzzBuild = copy.appendingPathComponent("fuzz/.build/corpus")
        try FileManager.default.createDirectory(at: fuzzBuild, withIntermediateDirectories: true)
        try Data("seed".utf8).write(to: fuzzBuild.appendingPathComponent("input"))
        XCTAssertEqual(try make(["-s", "deps"], in: clone, environment: environment).status, 0)
        XCTAssertEqual(try String(contentsOf: clone.appendingPathComponent("bench/results/run.json"), encoding: .utf8), "{}\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: fuzzBuild.appendingPathComponent("input").path), "the fuzz corpus is kept")

        // clean-demo removes the copy the demo was built in (it stayed, about 1 GB, in the
        // cache), but for what fuzz keeps there; the clone is left as it was.
        try FileManager.default.createDirectory(at: copy.appendingPathComponent(".build/debug"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: copy.appendingPathComponent(".civicpulse"), withIntermediateDirectories: true)
        let cleaned = try make(["-s", "clean-demo"], in: clone, environment: environment)
        XCTAssertEqual(cleaned.status, 0, cleaned.err)
        XCTAssertTrue(cleaned.err.hasSuffix("make: removed the build copy in \(copy.path) but for what bench and fuzz keep there (.build-release, fuzz/.build)\n"),
                      cleaned.err)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: copy.path), ["fuzz"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: fuzzBuild.appendingPathComponent("input").path), "the fuzz corpus is kept")
        XCTAssertTrue(FileManager.default.fileExists(atPath: clone.appendingPathComponent("Marker.swift").path), "the clone is left as it was")
    }

    /// `-q`, `--database` and `--pipeline` before the command's name act as they do after it.
    func testSharedOptionsAreReadBeforeTheCommandAsAfterIt() throws {
        _ = try run(["ingest", "-q", Fixtures.path("harbourside-tweets.json")])
        XCTAssertEqual(try run(["process", "-q"]).status, 0)
        var elsewhere = environment
        elsewhere["PGDATABASE"] = "no_such_database_\(UUID().uuidString.prefix(8))"
        let week = ["--from", "2026-11-16", "--to", "2026-11-22", "--as-of", "2026-11-23T12:00:00Z"]
        let after = try runCivicPulse(["sla", "-q", "--database", "dbname=\(database.name)", "--pipeline", examplePipeline] + week,
                                      environment: elsewhere, in: folder)
        XCTAssertEqual(after.status, 0, after.err)
        XCTAssertTrue(after.out.contains("Items 5, answered"), after.out)
        for leading in [["-q", "--database", "dbname=\(database.name)", "--pipeline", examplePipeline],
                        ["--pipeline=\(examplePipeline)", "--database=dbname=\(database.name)", "--quiet"]] {
            let before = try runCivicPulse(leading + ["sla"] + week, environment: elsewhere, in: folder)
            XCTAssertEqual(before.status, 0, before.err)
            XCTAssertEqual(before.out, after.out, leading.joined(separator: " "))
            XCTAssertEqual(before.err, "", "-q before the command keeps it quiet")
        }
        let nested = try runCivicPulse(["-q", "--database", "dbname=\(database.name)", "db", "status"], environment: elsewhere, in: folder)
        XCTAssertEqual(nested.status, 0, nested.err)
        let unknown = try run(["--pipeline", examplePipeline, "quarantine"])
        XCTAssertEqual(unknown.status, 64, "quarantine takes no pipeline, wherever it is written")
    }

    /// Run from a folder with no pipeline and none named, every command that needs one says so
    /// and how to name one.
    func testNoPipelineFoundSaysHowToNameOne() throws {
        let payload = folder.appendingPathComponent("tweets.json")
        try FileManager.default.copyItem(atPath: Fixtures.path("harbourside-tweets.json"), toPath: payload.path)
        let expected = "Error: no pipeline found: there is no pipelines/example-council.yaml in \(folder.resolvingSymlinksInPath().path); "
            + "name one with --pipeline FILE or CIVICPULSE_PIPELINE\n"
        for arguments in [["inspect", payload.path], ["sla", "-q"], ["summary", "-q"], ["simulate", "--days", "1", "--seed", "1", "--out", "sim"]] {
            let result = try runCivicPulse(arguments, environment: environment, in: folder)
            XCTAssertEqual(result.status, 64, arguments[0])
            XCTAssertTrue([expected, expected.replacingOccurrences(of: folder.resolvingSymlinksInPath().path, with: folder.path)].contains(result.err),
                          "\(arguments[0]): \(result.err)")
        }
        var named = environment
        named["CIVICPULSE_PIPELINE"] = "nowhere.yaml"
        let missing = try runCivicPulse(["sla", "-q"], environment: named, in: folder)
        XCTAssertEqual(missing.status, 64)
        XCTAssertEqual(missing.err, "Error: CIVICPULSE_PIPELINE 'nowhere.yaml': no such file\n")
        let found = try runCivicPulse(["inspect", "--pipeline", examplePipeline, payload.path], environment: environment, in: folder)
        XCTAssertNotEqual(found.status, 64, found.err)
    }

    /// `simulate` needs no `--org` (it can only be the pipeline's), and by default ends yesterday.
    func testSimulateTakesTheOrgFromThePipelineAndEndsBeforeToday() throws {
        let out = folder.appendingPathComponent("sim")
        let result = try run(["simulate", "--days", "3", "--seed", "7", "--scale", "0.05", "--out", out.path])
        XCTAssertEqual(result.status, 0, result.err)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        let start = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: -3, to: Date())!)
        let first = String(format: "%04d-%02d-%02d", start.year!, start.month!, start.day!)
        XCTAssertTrue(result.out.hasPrefix("Simulated harbourside: 3 days from \(first) (Europe/London)"), result.out)

        let other = try run(["simulate", "--org", "elsewhere", "--days", "1", "--seed", "7", "--out", folder.appendingPathComponent("other").path])
        XCTAssertNotEqual(other.status, 0)
        XCTAssertTrue(other.err.contains("is the pipeline of 'harbourside', not 'elsewhere'"), other.err)
    }

    /// A week that has not begun is refused for what it is, not for an `--as-of` nobody gave;
    /// a week 53 the year does not have says so.
    func testAWeekNotYetBegunOrThatDoesNotExistIsSaidToBeSo() throws {
        let future = try run(["summary", "-q", "--week", "2032-W53"])
        XCTAssertEqual(future.status, 64)
        XCTAssertTrue(future.err.hasPrefix("Error: 2032-12-27 to 2033-01-02 has not begun: it is "), future.err)
        XCTAssertTrue(future.err.hasSuffix(" now (Europe/London)\n"), future.err)
        let reach = try run(["reach", "-q", "--week", "2032-W53"])
        XCTAssertEqual(reach.status, 64)
        XCTAssertTrue(reach.err.hasPrefix("Error: 2032-12-27 to 2033-01-02 has not begun: it is "), "reach says the same: \(reach.err)")
        let sla = try run(["sla", "-q", "--from", "2032-12-27"])
        XCTAssertEqual(sla.status, 64)
        XCTAssertTrue(sla.err.hasPrefix("Error: --from 2032-12-27 is after --to "), "a --from after today is that, not a period to come: \(sla.err)")

        let missing = try run(["summary", "-q", "--week", "2027-W53"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertEqual(missing.err, "Error: --week '2027-W53' does not exist: 2027 has 52 ISO weeks (its last is 2027-W52)\n")
    }

    /// In the first week of data, last week is unknown in the listening table as in the headline.
    func testTheFirstWeekOfDataHasNoListeningFiguresForLastWeek() throws {
        _ = try run(["ingest", "-q", Fixtures.path("harbourside-tweets.json")])
        XCTAssertEqual(try run(["process", "-q"]).status, 0)
        let json = try run(["summary", "-q", "--week", "2026-W47", "--as-of", "2026-11-23T09:00:00Z", "--format", "json"])
        XCTAssertEqual(json.status, 0, json.err)
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let topics = try XCTUnwrap((summary["listening"] as? [String: Any])?["topics"] as? [[String: Any]], json.out)
        XCTAssertFalse(topics.isEmpty, json.out)
        for topic in topics { XCTAssertTrue(topic["previous"] is NSNull, "\(topic)") }

        let text = try run(["summary", "-q", "--week", "2026-W47", "--as-of", "2026-11-23T09:00:00Z"])
        let rows = text.out.split(separator: "\n").drop { !$0.hasPrefix("Topic ") }.dropFirst(2).prefix(topics.count)
        XCTAssertEqual(rows.count, topics.count, text.out)
        for row in rows { XCTAssertTrue(row.hasSuffix("  –"), "last week unknown: \(row)") }
    }
}
