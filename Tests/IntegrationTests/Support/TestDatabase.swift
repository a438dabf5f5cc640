import CivicPulseCore
import CivicPulseIngest
import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// A fresh, migrated database per test on the server `make test` starts (PG* variables),
/// dropped afterwards, so tests never see each other's data.
final class TestDatabase {
    let name: String

    init() throws {
        guard ProcessInfo.processInfo.environment["PGHOST"] != nil else {
            throw XCTSkip("integration tests need a PostgreSQL server: run them with `make test`, which starts one")
        }
        name = "cp_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try Connection("dbname=postgres")
        try admin.execute("CREATE DATABASE \(quoteIdentifier(name))")
        try Migrator.bundled().migrate(on: try connect())
    }

    /// A copy of `other` (which nobody may be connected to): the same log, pseudonyms and keys,
    /// where a second ingest of the same files would draw new ones at random (docs/privacy.md).
    init(copying other: TestDatabase) throws {
        name = "cp_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try Connection("dbname=postgres").execute("CREATE DATABASE \(quoteIdentifier(name)) TEMPLATE \(quoteIdentifier(other.name))")
    }

    func connect() throws -> Connection {
        try Connection("dbname=\(name)")
    }

    /// Runs the built `civicpulse` against this database, expecting it to succeed; what it printed.
    func civicpulse(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = name
        let result = try runCivicPulse(arguments, environment: environment)
        XCTAssertEqual(result.status, 0, "\(arguments): \(result.err)", file: file, line: line)
        return result.out
    }

    func drop() {
        let admin = try? Connection("dbname=postgres")
        try? admin?.execute("DROP DATABASE IF EXISTS \(quoteIdentifier(name)) WITH (FORCE)")
    }
}

/// A test case with its own fresh database, dropped afterwards.
class DatabaseTestCase: XCTestCase {
    var database: TestDatabase!

    override func setUpWithError() throws {
        database = try TestDatabase()
    }

    override func tearDown() {
        database?.drop()
    }

    /// Runs the built `civicpulse` as a user would, against this test's database.
    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = database.name
        return try runCivicPulse(arguments, environment: environment)
    }
}

/// Runs the built `civicpulse` from `directory` (the project's folder unless given) with
/// `environment`; what it printed and its exit status.
func runCivicPulse(_ arguments: [String], environment: [String: String], in directory: URL = Fixtures.root) throws -> (status: Int32, out: String, err: String) {
    let binary = Fixtures.root.appendingPathComponent(".build/debug/civicpulse")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        throw XCTSkip("build the command first (make test does)")
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output, errors)
}

/// The demo council's pipeline and fixtures, as every integration test uses them.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func config() throws -> PipelineConfig {
        try PipelineConfig.load(path: root.appendingPathComponent("pipelines/example-council.yaml").path)
    }

    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name).path
    }

    static let hasher = ActorHasher(secret: Data(repeating: 42, count: 32))

    /// The demo pipeline's urgency rule, which an append gives a deleted message's tombstone.
    static func isUrgent(_ text: String?, at instant: Date, service: String) -> Bool {
        demoPipeline?.isUrgent(text, at: instant, service: service) ?? false
    }

    private static let demoPipeline = try? config()

    static func ingestor(_ connection: Connection) throws -> Ingestor {
        Ingestor(reader: PayloadReader(config: try config(), hasher: hasher), connection: connection)
    }
}

/// Instants in tests, written as in the fixtures' README.
func utc(_ text: String) -> Date {
    PlatformTimestamp.parse(text)!
}

/// A database test with a scratch folder of its own for the files it writes, removed after it.
class FolderTestCase: DatabaseTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(type(of: self))-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
        super.tearDown()
    }

    /// Runs the built `civicpulse` against the database `name` (this test's unless given), with
    /// this test's folder as its home, where the actor key and the erasure register are kept.
    func runAtHome(_ arguments: [String], database name: String? = nil, environment extra: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        var environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        environment["PGDATABASE"] = name ?? database.name
        environment["CIVICPULSE_HOME"] = folder.path
        return try runCivicPulse(arguments, environment: environment)
    }
}

extension TestDatabase {
    /// A copy of `other` (as `init(copying:)`, the same pseudonyms) whose log holds `org`'s events
    /// alone: what one council's database would hold, to compare with a log councils share.
    convenience init(copying other: TestDatabase, keeping org: String) throws {
        try self.init(copying: other)
        let connection = try connect()
        // The log is append-only to every role; a test's superuser steps around its triggers.
        try connection.execute("SET session_replication_role = replica")
        try connection.query("DELETE FROM civicpulse.events WHERE org <> \(org)")
    }
}
