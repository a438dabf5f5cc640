import Foundation
import Postgres
import XCTest

/// A database, a stand-in X on 127.0.0.1 and a small pipeline (two twitter accounts, one
/// listening topic) for running the built `civicpulse fetch` as a timer would.
class FetchTestCase: FolderTestCase {
    static let token = "test-bearer-token-DO-NOT-PRINT-\(UUID().uuidString)"
    static let mainMentions = "/2/users/900000000000000001/mentions"
    static let mainTweets = "/2/users/900000000000000001/tweets"
    static let otherMentions = "/2/users/900000000000000002/mentions"
    static let otherTweets = "/2/users/900000000000000002/tweets"
    static let search = "/2/tweets/search/recent"

    var x: StandInX!
    var pipeline: String { folder.appendingPathComponent("pipeline.yaml").path }
    var archive: String { folder.appendingPathComponent("archive").path }

    override func setUpWithError() throws {
        try super.setUpWithError()
        x = try StandInX(token: Self.token)
        try writePipeline()
    }

    override func tearDown() {
        x?.stop()
        super.tearDown()
    }

    func writePipeline(fetch: String = "", account: String = "") throws {
        try """
            org: testcouncil
            services:
              desk: { name: Customer services }
            accounts:
              main_twitter: { platform: twitter, handle: MainCC, id: "900000000000000001", service: desk }
              other_twitter: { platform: twitter, handle: OtherCC, id: "900000000000000002", service: desk }
              \(account)
            topics:
              flooding: { include: [flood, sandbags], exclude: [floodlight] }
            sla:
              targets:
                - { target: 2 working days }
            \(fetch)
            """.write(toFile: pipeline, atomically: true, encoding: .utf8)
    }

    /// The environment a fetch runs in: this test's database, the stand-in's address and the token.
    func environment(database: TestDatabase? = nil, token: String? = FetchTestCase.token) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = (database ?? self.database).name
        environment["CIVICPULSE_X_API_BASE"] = x.base
        environment["CIVICPULSE_X_BEARER_TOKEN"] = token
        return environment
    }

    /// `civicpulse fetch -q --pipeline … --archive … <arguments>`, run to its end.
    func fetch(_ arguments: [String] = [], database: TestDatabase? = nil, token: String? = FetchTestCase.token) throws -> (status: Int32, out: String, err: String) {
        try runCivicPulse(["fetch", "-q", "--pipeline", pipeline, "--archive", archive, "--timeout", "5s"] + arguments,
                          environment: environment(database: database, token: token))
    }

    /// Starts `civicpulse fetch` without waiting for it, for a test that stops it (SIGKILL, SIGTERM).
    func launchFetch(_ arguments: [String], output: Any) throws -> Process {
        let process = Process()
        process.executableURL = Fixtures.root.appendingPathComponent(".build/debug/civicpulse")
        process.arguments = ["fetch", "-q", "--pipeline", pipeline, "--archive", archive] + arguments
        process.currentDirectoryURL = Fixtures.root
        process.environment = environment()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Starts `civicpulse fetch`, waits (up to 30 s) until `reached` says the walk is where the
    /// test wants it, and kills it with SIGKILL, as a power cut would.
    func killFetch(_ arguments: [String], once reached: () -> Bool, file: StaticString = #filePath, line: UInt = #line) throws {
        let process = try launchFetch(arguments, output: FileHandle.nullDevice)
        let deadline = Date().addingTimeInterval(30)
        while !reached(), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal, file: file, line: line)
    }

    /// Ingests the archived `files` into a fresh database, as a council rebuilding from its own
    /// raw data would, and checks it holds the very events fetch appended; the ingest's run.
    @discardableResult
    func assertTheArchiveRebuildsTheLog(_ files: [String], file: StaticString = #filePath, line: UInt = #line) throws -> (status: Int32, out: String, err: String) {
        let rebuilt = try TestDatabase()
        defer { rebuilt.drop() }
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = rebuilt.name
        let ingest = try runCivicPulse(["ingest", "-q", "--pipeline", pipeline] + files, environment: environment)
        XCTAssertEqual(ingest.status, 0, ingest.out + ingest.err, file: file, line: line)
        XCTAssertEqual(try eventIDs(in: rebuilt), try eventIDs(), file: file, line: line)
        return ingest
    }

    /// The ids of the events in `database`, in order.
    func eventIDs(in database: TestDatabase? = nil) throws -> [String] {
        try (database ?? self.database).connect().query("SELECT event_id::text FROM civicpulse.events ORDER BY event_id").map { try $0.decode(String.self, 0) }
    }

    func cursor(_ account: String, _ endpoint: String, platform: String = "twitter", in database: TestDatabase? = nil) throws -> String? {
        try (database ?? self.database).connect().query("""
            SELECT since_id FROM civicpulse.fetch_cursors WHERE platform = \(platform) AND account = \(account) AND endpoint = \(endpoint)
            """).first?.decode(String?.self, 0) ?? nil
    }

    /// How many events of `platform` the log holds, by kind.
    func eventsByKind(platform: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try database.connect().query("SELECT kind, count(*)::int FROM civicpulse.events WHERE platform = \(platform) GROUP BY kind") {
            counts[try row.decode(String.self, 0)] = try row.decode(Int.self, 1)
        }
        return counts
    }

    /// When each of `platform`'s endpoints was last walked to its end, by `account endpoint`.
    func lastWalks(platform: String = "twitter") throws -> [String: Date] {
        var walks: [String: Date] = [:]
        for row in try database.connect().query("""
            SELECT account || ' ' || endpoint, fetched_at FROM civicpulse.fetch_cursors WHERE platform = \(platform) AND fetched_at IS NOT NULL
            """) {
            walks[try row.decode(String.self, 0)] = try row.decode(Date.self, 1)
        }
        return walks
    }

    /// Every file under the archive, sorted.
    func archivedFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: archive)
        var files: [String] = []
        while let next = enumerator?.nextObject() as? String {
            if next.hasSuffix(".json") { files.append(URL(fileURLWithPath: archive).appendingPathComponent(next).path) }
        }
        return files.sorted()
    }

    /// The account's own tweets, authored by its user id.
    static func ownTweets(count: Int, first: UInt64) -> [StandInTweet] {
        (0..<UInt64(count)).map { StandInTweet(id: first + $0, authorID: "900000000000000001", username: "MainCC", text: "Bin collections are running as normal, update \($0)") }
    }

    static func floodTweets(count: Int, first: UInt64) -> [StandInTweet] {
        (0..<UInt64(count)).map { StandInTweet(id: first + $0, authorID: "800", username: "neighbour", text: "Flood on the high street again, \($0)") }
    }
}
