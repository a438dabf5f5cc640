import Foundation
import XCTest

/// The built `civicpulse`, started as a user would start it, for tests that kill it, stop it or
/// outlive a server restart under it. Its output goes to a file (a pipe nobody reads would
/// block it), read back with `output`.
final class ChildProcess {
    let process = Process()
    private let log: URL

    init(_ arguments: [String], environment: [String: String]) throws {
        let binary = Fixtures.root.appendingPathComponent(".build/debug/civicpulse")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("build the command first (make test does)")
        }
        log = FileManager.default.temporaryDirectory.appendingPathComponent("civicpulse-child-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = Fixtures.root
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: log)
    }

    var isRunning: Bool { process.isRunning }

    /// What it printed so far, standard output and error together.
    var output: String {
        (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits until it exits, at most `timeout` seconds; whether it did.
    @discardableResult
    func wait(timeout: Double) -> Bool {
        poll(timeout: timeout) { !self.process.isRunning }
    }
}

/// Checks `condition` every 20 ms until it holds or `timeout` seconds pass; whether it held.
@discardableResult
func poll(timeout: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}
