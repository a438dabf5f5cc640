import Foundation
import Postgres

/// A PostgreSQL cluster the tool creates and runs itself in a folder, for the embedded
/// default and for tests: socket only (no TCP port to collide with), trust auth, reused
/// across runs.
///
/// Trust is safe only because nobody else can reach the socket: it and its folder are the
/// owner's alone (mode 0700). Left at PostgreSQL's default (0777), any user of the machine
/// could log in as the superuser and read residents' messages.
///
/// PostgreSQL refuses to run as root, so when we are root the cluster folder is given to
/// the `postgres` user and the server binaries run as that user.
public struct LocalCluster: Sendable {
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

    var dataDirectory: URL { directory.appendingPathComponent("data") }
    var logFile: URL { directory.appendingPathComponent("server.log") }

    /// The folder holding the server's socket. Unix socket paths are limited to ~107 bytes,
    /// so a deep project folder gets a short one under /tmp, named after it.
    public var socketDirectory: URL {
        let own = directory.appendingPathComponent("socket")
        if own.path.utf8.count + 20 < 100 { return own }
        return URL(fileURLWithPath: "/tmp/civicpulse-\(String(Self.fnv1a(directory.path), radix: 36))")
    }

    /// FNV-1a, 64 bits. Every run must find the socket the cluster was started with, and Swift's
    /// own `hashValue` is seeded afresh in each process: it named another folder every run.
    static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    /// Shell exports that point libpq tools at this cluster. A `PGDATABASE` already set is kept
    /// (the shell expands it on `eval`): a script that chose its database and evals this again
    /// must not be switched silently to another one.
    public var shellExports: String {
        "export PGHOST='\(socketDirectory.path)' PGPORT=\(port) PGUSER=postgres PGDATABASE=\"${PGDATABASE:-\(database)}\""
    }

    /// libpq conninfo for this cluster's database.
    public var conninfo: String {
        "host=\(socketDirectory.path) port=\(port) user=postgres dbname=\(database)"
    }

    /// Creates the cluster if needed, starts it if stopped, and makes sure the database exists.
    public func start() throws {
        let files = FileManager.default
        try files.createDirectory(at: directory, withIntermediateDirectories: true)
        try files.createDirectory(at: socketDirectory, withIntermediateDirectories: true)
        try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: socketDirectory.path)
        if isRoot { try giveToPostgresUser() }
        if !isCreated {
            try run("initdb", ["-D", dataDirectory.path, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"],
                    doing: "creating a PostgreSQL cluster in \(dataDirectory.path)")
        }
        if !isRunning {
            let options = "-k \(socketDirectory.path) -p \(port) -c listen_addresses='' -c unix_socket_permissions=0700 -c fsync=off -c full_page_writes=off"
            try run("pg_ctl", ["-D", dataDirectory.path, "-l", logFile.path, "-o", options, "-w", "-t", "60", "start"],
                    doing: "starting PostgreSQL (log: \(logFile.path))")
        }
        let admin = try Connection("host=\(socketDirectory.path) port=\(port) user=postgres dbname=postgres")
        if try admin.query("SELECT 1 FROM pg_database WHERE datname = \(database)").isEmpty {
            try admin.execute("CREATE DATABASE \(quoteIdentifier(database))")
        }
    }

    /// Stops the server, waiting until it has shut down.
    public func stop() throws {
        guard isRunning else { return }
        try run("pg_ctl", ["-D", dataDirectory.path, "-m", "fast", "-w", "stop"], doing: "stopping PostgreSQL")
    }

    /// Whether `initdb` has made the cluster in this folder.
    public var isCreated: Bool {
        FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path)
    }

    /// Asks `pg_ctl status`, not `ps`: a stopped server may linger as a zombie where PID 1 reaps nothing.
    public var isRunning: Bool {
        guard isCreated else { return false }
        return (try? run("pg_ctl", ["-D", dataDirectory.path, "status"], doing: "checking PostgreSQL")) != nil
    }

    private var isRoot: Bool { geteuid() == 0 }

    private func giveToPostgresUser() throws {
        for path in [directory.path, socketDirectory.path] {
            _ = try Self.execute("/bin/chown", ["-R", "postgres:postgres", path], doing: "giving \(path) to the postgres user")
        }
    }

    @discardableResult
    private func run(_ tool: String, _ arguments: [String], doing what: String) throws -> String {
        let binary = try Self.serverBinary(tool)
        if isRoot {
            return try Self.execute("/usr/sbin/runuser", ["-u", "postgres", "--", binary] + arguments, doing: what)
        }
        return try Self.execute(binary, arguments, doing: what)
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

    /// Runs a program, waits for it with `waitpid`, and returns what it printed.
    ///
    /// Not Foundation's `Process`: on Linux it notices a child's exit through a descriptor the
    /// child inherits, and the server `pg_ctl start` leaves running inherits it too, so the wait
    /// would last as long as the server. Output goes to a file, not a pipe, for the same reason.
    private static func execute(_ executable: String, _ arguments: [String], doing what: String) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("civicpulse-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw Failure(message: "\(what) failed: cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0
        guard exited, (status >> 8) & 0xff == 0 else {
            throw Failure(message: "\(what) failed: \(text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").suffix(3).joined(separator: " | "))")
        }
        return text
    }
}
