import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// A cluster a test runs through `civicpulse db local` in a folder of its choosing, under a
/// fresh base folder that is deleted (with the cluster) afterwards.
///
/// The base folder is short (`/tmp/cpct-xxxxxxxx`) so that a folder name of ~50 characters
/// still keeps its socket inside the cluster's folder, and open to all (0755) so that the
/// `postgres` user can enter it when the tests run as root, unless a test closes it.
final class ScratchCluster {
    let base: URL
    let directory: URL
    let port: Int

    /// - Parameter folderName: the folder under the base that holds the cluster's `pg` folder.
    init(folderName: String, port: Int = Int.random(in: 20000...29999)) throws {
        base = URL(fileURLWithPath: "/tmp/cpct-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        directory = base.appendingPathComponent(folderName).appendingPathComponent("pg")
        self.port = port
    }

    var cluster: LocalCluster { LocalCluster(directory: directory, port: port) }

    /// Runs `civicpulse db local <action>` for this cluster, with no database named in the environment.
    func run(_ action: String) throws -> (status: Int32, out: String, err: String) {
        try runCivicPulse(["db", "local", action, "--dir", directory.path, "--port", "\(port)"], environment: ScratchCluster.environment)
    }

    /// Starts the cluster through the command, failing the test with what it printed if it does not start.
    func start(file: StaticString = #filePath, line: UInt = #line) throws {
        let started = try run("start")
        XCTAssertEqual(started.status, 0, started.err, file: file, line: line)
    }

    /// A connection to the cluster's database through its socket, as the exports describe it.
    func connect(database: String = "civicpulse") throws -> Connection {
        try Connection(LocalCluster(directory: directory, port: port, database: database).conninfo)
    }

    /// Stops and deletes the cluster wherever it keeps its files, then the base folder.
    func remove() {
        _ = try? run("delete")
        try? cluster.stop()
        try? FileManager.default.removeItem(at: base)
    }

    static let environment = ProcessInfo.processInfo.environment.filter { key, _ in
        !key.hasPrefix("PG") && key != "DATABASE_URL" && key != "CIVICPULSE_HOME"
    }

    static var isRoot: Bool { geteuid() == 0 }

    /// What a shell holds in PGHOST, PGPORT and PGDATABASE after `eval`-ing `exports`, as `host|port|database`.
    static func shellEvaluated(_ exports: String, environment: [String: String] = [:]) throws -> String {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        shell.arguments = ["-c", #"eval "$1"; printf '%s|%s|%s' "$PGHOST" "$PGPORT" "$PGDATABASE""#, "bash", exports]
        shell.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { set, _ in set }
        let out = Pipe()
        shell.standardOutput = out
        try shell.run()
        shell.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// The home folder of the user the server runs as: `postgres` when the tests run as root.
    static var serverUserHome: String {
        guard isRoot, let entry = getpwnam("postgres") else { return NSHomeDirectory() }
        return String(cString: entry.pointee.pw_dir)
    }
}
