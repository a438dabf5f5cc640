import ArgumentParser
import CivicPulseCore
import CivicPulseStore
import Foundation
import Postgres

/// Options every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database"), help: "A postgresql:// URL or libpq conninfo. Default: DATABASE_URL, then PG* variables, then the embedded cluster.")
    var database: String?

    /// An empty CIVICPULSE_HOME is taken as unset, as shells leave a cleared variable.
    @Option(help: ArgumentHelp("Folder for the embedded cluster and the actor key.", valueName: "dir"))
    var home: String = ProcessInfo.processInfo.environment["CIVICPULSE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ".civicpulse"

    @Flag(name: .shortAndLong, help: "Say less: no line about which database is used.")
    var quiet = false

    func validate() throws {
        try ArgumentCheck.path(home, "--home")
    }

    var homeURL: URL { URL(fileURLWithPath: home) }

    var target: DatabaseTarget {
        DatabaseTarget.resolve(option: database, environment: ProcessInfo.processInfo.environment, home: homeURL)
    }

    /// Connects and says, on standard error, which database it is.
    ///
    /// - Parameter creating: whether to create the embedded cluster when there is none yet; only
    ///   commands that add data do.
    func connect(creating: Bool = false) throws -> Connection {
        let target = self.target
        let connection = try target.connect(creatingEmbedded: creating)
        if !quiet { printError(target.describe(connection)) }
        return connection
    }

    /// Connects, creating the embedded cluster when there is none, and brings the schema up to
    /// date: what the commands that take data in (`ingest`, `fetch`, `serve`) need, and the only
    /// ones besides `db migrate` that change the schema.
    func connectMigrating() throws -> Connection {
        let connection = try connect(creating: true)
        let applied = try Migrator.bundled().migrate(on: connection)
        if !applied.isEmpty, !quiet { printError("applied migrations: \(applied.joined(separator: ", "))") }
        return connection
    }

    /// Connects to a database whose CivicPulse schema is up to date, changing nothing: every
    /// other command (reports, exports, `process`, the privacy commands) refuses, in one line
    /// saying what to run, a database without the schema, with one behind this build, or with
    /// one a newer build migrated.
    func connectToSchema() throws -> Connection {
        let connection = try connect()
        switch try Migrator.bundled().readiness(on: connection) {
        case .ready: return connection
        case .absent: throw SchemaNotReady.absent(connection.target)
        case .behind(let pending): throw SchemaNotReady.behind(pending)
        case .edited(let name): throw SchemaNotReady.edited(name)
        case .ahead(let newer): throw SchemaNotReady.ahead(newer)
        }
    }
}

/// Options for commands that need the council's pipeline.
struct PipelineOptions: ParsableArguments {
    static let defaultPath = "pipelines/example-council.yaml"

    @Option(name: .customLong("pipeline"), help: ArgumentHelp("The pipeline config (default: CIVICPULSE_PIPELINE, else \(Self.defaultPath)).", valueName: "file"))
    var named: String?

    /// The file named by --pipeline, else by CIVICPULSE_PIPELINE, else the example council's.
    func validate() throws {
        if let named { try ArgumentCheck.path(named, "--pipeline") }
    }

    var path: String { Self.path(named: named) }

    static func path(named: String?) -> String {
        named ?? ProcessInfo.processInfo.environment["CIVICPULSE_PIPELINE"] ?? defaultPath
    }

    func load() throws -> PipelineConfig {
        try Self.load(named: named)
    }

    /// Whether a pipeline was named (by --pipeline or CIVICPULSE_PIPELINE) rather than defaulted.
    var isNamed: Bool { named != nil || ProcessInfo.processInfo.environment["CIVICPULSE_PIPELINE"] != nil }

    /// The pipeline; a path to nothing is a bad argument (exit 64), not a failed read. When none
    /// was named, the default is looked for in the current folder only, so run from anywhere
    /// else it says so and how to name one, instead of blaming an argument never given.
    static func load(named: String?) throws -> PipelineConfig {
        let path = path(named: named)
        let source = named == nil ? "CIVICPULSE_PIPELINE" : "--pipeline"
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            if named == nil, ProcessInfo.processInfo.environment["CIVICPULSE_PIPELINE"] == nil {
                throw ValidationError("no pipeline found: there is no \(defaultPath) in \(FileManager.default.currentDirectoryPath); name one with --pipeline FILE or CIVICPULSE_PIPELINE")
            }
            throw ValidationError("\(source) \(ArgumentCheck.shown(path)): no such file")
        }
        guard !isFolder.boolValue else { throw ValidationError("\(source) \(ArgumentCheck.shown(path)): a folder, not a pipeline file") }
        return try PipelineConfig.load(path: path)
    }
}

/// One line on standard error. A failure to write it is not reported: there is nowhere left to
/// report it, and Foundation's non-throwing `FileHandle.write(_:)` would crash on it.
func printError(_ message: String) {
    try? FileHandle.standardError.write(contentsOf: Data((message + "\n").utf8))
}
