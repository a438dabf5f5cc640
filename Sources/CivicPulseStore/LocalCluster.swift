import Foundation
import Postgres

/// A PostgreSQL cluster the tool creates and runs itself in a folder, for the embedded
/// default and for tests: socket only (no TCP port to collide with), trust auth, reused
/// across runs.
///
/// Trust is safe only because nobody else can reach the socket: it and its folder are the
/// owner's alone (mode 0700), and the cluster's own configuration says so, opens no TCP
/// listener and trusts no host (`LocalCluster+Configuration.swift`), however it is started.
///
/// No part of the folder's name reaches a shell: `pg_ctl start` runs the server through
/// /bin/sh with every path and option it was given, so it is given none: the data folder
/// goes in `PGDATA`, the settings in the configuration, and its output to a log file we open.
///
/// PostgreSQL refuses to run as root, so when we are root the server runs as the `postgres`
/// user; if that user cannot enter the folder asked for (a checkout in root's 0700 home), the
/// cluster is kept in the postgres user's home instead, in a folder named after the one asked
/// for, where every later command finds it.
public struct LocalCluster: Sendable {
    /// The cluster's folder as asked for.
    public let directory: URL
    public let port: Int
    public let database: String

    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public init(directory: URL, port: Int = 5432, database: String = "civicpulse") {
        self.directory = directory.standardizedFileURL
        self.port = port
        self.database = database
    }

    /// Where the cluster's files are: `directory`, or the folder kept for it in the postgres
    /// user's home once one has been made there.
    public var home: URL {
        guard geteuid() == 0, !Self.holdsCluster(directory), let kept = keptForPostgres,
              FileManager.default.fileExists(atPath: kept.path) else { return directory }
        return kept
    }

    /// The folder root keeps this cluster in when the postgres user cannot enter `directory`.
    var keptForPostgres: URL? {
        ServerUser.postgres?.home.appendingPathComponent("civicpulse").appendingPathComponent(Self.shortName(directory.path))
    }

    var dataDirectory: URL { home.appendingPathComponent("data") }
    var logFile: URL { home.appendingPathComponent("server.log") }

    /// The folder holding the server's socket. Unix socket paths are limited to ~107 bytes,
    /// and libpq reads a comma in a host as a list of hosts, so such a folder gets a short
    /// one under /tmp, named after it.
    public var socketDirectory: URL {
        let own = home.appendingPathComponent("socket")
        if own.path.utf8.count + 20 < 100, !own.path.contains(",") { return own }
        return URL(fileURLWithPath: "/tmp/civicpulse-\(Self.shortName(home.path))")
    }

    /// FNV-1a, 64 bits, in base 36. Every run must find the folders the cluster was started
    /// with, and Swift's own `hashValue` is seeded afresh in each process: it named another
    /// folder every run.
    static func shortName(_ text: String) -> String {
        String(text.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }, radix: 36)
    }

    /// Shell exports that point libpq tools at this cluster, each value quoted for the shell.
    /// A `PGDATABASE` already set is kept (the shell expands it on `eval`): a script that chose
    /// its database and evals this again must not be switched silently to another one.
    public var shellExports: String {
        let host = "'" + socketDirectory.path.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
        return "export PGHOST=\(host) PGPORT=\(port) PGUSER=postgres PGDATABASE=\"${PGDATABASE:-\(database)}\""
    }

    /// libpq conninfo for this cluster's database.
    public var conninfo: String {
        "host=\(Self.conninfoValue(socketDirectory.path)) port=\(port) user=postgres dbname=\(Self.conninfoValue(database))"
    }

    /// A conninfo value in single quotes, a quote or backslash escaped with a backslash.
    static func conninfoValue(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// Why a cluster cannot live in `folder`, if it cannot: initdb refuses a data folder with a
    /// line break in its name, and would only say so after making most of the cluster.
    public static func unusableFolderReason(_ folder: URL) -> String? {
        folder.path.contains(where: \.isNewline) ? "a cluster's folder cannot have a line break in its name: \(folder.path.debugDescription)" : nil
    }

    /// Creates the cluster if needed, starts it if stopped, and makes sure the database exists.
    public func start() throws {
        if let reason = Self.unusableFolderReason(directory) { throw Failure(message: reason) }
        let user = try ServerUser.current()
        try prepareFolders(for: user)
        if !isCreated {
            try run("initdb", ["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"],
                    doing: "creating a PostgreSQL cluster in \(dataDirectory.path)")
        }
        try writeConfiguration(as: user)
        if !isRunning {
            try run("pg_ctl", ["-w", "-t", "60", "start"], log: logFile, doing: "starting PostgreSQL (log: \(logFile.path))")
            if user.isOther { try user.own(logFile, mode: 0o600) }
        }
        let admin = try Connection("host=\(Self.conninfoValue(socketDirectory.path)) port=\(port) user=postgres dbname=postgres")
        if try admin.query("SELECT 1 FROM pg_database WHERE datname = \(database)").isEmpty {
            try admin.execute("CREATE DATABASE \(quoteIdentifier(database))")
        }
    }

    /// Makes the folders the server needs, the server user's: the cluster's own (kept in the
    /// postgres user's home when that user cannot enter the one asked for), the data folder
    /// and the socket's; never changing a folder of the user's own.
    private func prepareFolders(for user: ServerUser) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if user.isOther, home == directory, !Self.holdsCluster(directory), let kept = keptForPostgres, try !user.canEnter(directory) {
            try user.makePrivateFolder(kept.deletingLastPathComponent(), for: "the folder of the postgres user's CivicPulse clusters")
            try user.makePrivateFolder(kept, for: "the cluster's folder")
        }
        try user.makeFolder(dataDirectory)
        try user.makePrivateFolder(socketDirectory, for: "the cluster's socket folder")
    }

    /// Stops the server, waiting until it has shut down.
    public func stop() throws {
        guard isRunning else { return }
        try run("pg_ctl", ["-m", "fast", "-w", "stop"], doing: "stopping PostgreSQL")
    }

    /// Stops the server and deletes the cluster: its data, log and socket folder, the folder
    /// kept for it in the postgres user's home, and the folder asked for if nothing else is in
    /// it. A folder that holds no cluster is left alone, whatever else is in it.
    public func delete() throws {
        guard isCreated else { return }
        try stop()
        let items = [dataDirectory, logFile, socketDirectory] + (home == directory ? [] : [home])
        for item in items where FileManager.default.fileExists(atPath: item.path) {
            try FileManager.default.removeItem(at: item)
        }
        rmdir(directory.path)
    }

    /// Whether `initdb` has made the cluster.
    public var isCreated: Bool { Self.holdsCluster(home) }

    static func holdsCluster(_ folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("data/PG_VERSION").path)
    }

    /// Asks `pg_ctl status`, not `ps`: a stopped server may linger as a zombie where PID 1 reaps nothing.
    public var isRunning: Bool {
        guard isCreated else { return false }
        return (try? run("pg_ctl", ["status"], doing: "checking PostgreSQL")) != nil
    }

    /// Runs a server program as the server user on this cluster's data folder, given in
    /// `PGDATA` rather than as `-D`, which `pg_ctl start` would put into a shell command.
    func run(_ tool: String, _ arguments: [String], log: URL? = nil, doing what: String) throws {
        let outcome = try ServerUser.current().run(try Self.serverBinary(tool), arguments, environment: ["PGDATA": dataDirectory.path], log: log)
        guard outcome.succeeded else { throw Failure(message: "\(what) failed: \(outcome.lastLines)") }
    }

    /// Finds a server binary: `$CIVICPULSE_PG_BIN`, then Debian's newest `/usr/lib/postgresql/N/bin`, then `PATH`.
    static func serverBinary(_ name: String) throws -> String {
        var folders: [String] = []
        if let configured = ProcessInfo.processInfo.environment["CIVICPULSE_PG_BIN"] { folders.append(configured) }
        let debian = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? []).compactMap(Int.init).sorted(by: >)
        folders += versions.map { "\(debian)/\($0)/bin" }
        folders += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for folder in folders {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Failure(message: "cannot find the PostgreSQL server program '\(name)'; install it (apt-get install postgresql) or set CIVICPULSE_PG_BIN")
    }
}
