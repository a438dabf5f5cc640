import ArgumentParser
import CivicPulseCore
import CivicPulseStore
import Foundation
import Postgres

/// Options every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database"), help: "A postgresql:// URL or libpq conninfo. Default: DATABASE_URL, then PG* variables, then the embedded cluster.")
    var database: String?

    @Option(help: ArgumentHelp("Folder for the embedded cluster and the actor key.", valueName: "dir"))
    var home: String = ProcessInfo.processInfo.environment["CIVICPULSE_HOME"] ?? ".civicpulse"

    @Flag(name: .shortAndLong, help: "Say less: no line about which database is used.")
    var quiet = false

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

    /// Connects and brings the schema up to date, as every command that reads or writes data needs.
    func connectMigrated(creating: Bool = false) throws -> Connection {
        let connection = try connect(creating: creating)
        let applied = try Migrator.bundled().migrate(on: connection)
        if !applied.isEmpty, !quiet { printError("applied migrations: \(applied.joined(separator: ", "))") }
        return connection
    }
}

/// Options for commands that need the council's pipeline.
struct PipelineOptions: ParsableArguments {
    @Option(name: .customLong("pipeline"), help: ArgumentHelp("The pipeline config.", valueName: "file"))
    var path: String = ProcessInfo.processInfo.environment["CIVICPULSE_PIPELINE"] ?? "pipelines/example-council.yaml"

    /// The pipeline; a path to nothing is a bad argument (exit 64), not a failed read.
    func load() throws -> PipelineConfig {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("--pipeline \(ArgumentCheck.shown(path)): no such file (the default is CIVICPULSE_PIPELINE, else pipelines/example-council.yaml)")
        }
        return try PipelineConfig.load(path: path)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
