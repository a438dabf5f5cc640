import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// A cluster's folder may have any name a user can give a folder: no part of it reaches a
/// shell, and the cluster starts, answers, reports its status and stops.
///
/// `pg_ctl` hands the server's command line to /bin/sh, where `$(…)` and backticks expand even
/// inside double quotes: a folder named `x$(id>pwned)` once ran `id` as the postgres user.
final class ClusterFolderNameTests: XCTestCase {
    private var scratch: [ScratchCluster] = []

    override func tearDown() {
        scratch.forEach { $0.remove() }
    }

    func testAFolderNameWithCommandSubstitutionsRunsNothing() throws {
        let tag = UUID().uuidString.prefix(6).lowercased()
        let markers = ["cpa\(tag)", "cpb\(tag)"]
        // `cd` alone goes to the server user's home, which that user may write to: there the
        // markers would appear if the shell ran them.
        try assertWorks(folderName: "$(cd;touch \(markers[0])) `cd;touch \(markers[1])`")
        for folder in [ScratchCluster.serverUserHome, Fixtures.root.path] {
            for marker in markers {
                XCTAssertFalse(FileManager.default.fileExists(atPath: "\(folder)/\(marker)"), "a shell ran a command from the folder's name: \(folder)/\(marker)")
            }
        }
    }

    func testAFolderNameWithQuotesSemicolonsBackslashesAndSpacesWorks() throws {
        try assertWorks(folderName: #"it's "said"; a\b c"#)
    }

    /// libpq reads a comma in a host as a list of hosts, so such a folder's socket goes elsewhere.
    func testAFolderNameWithACommaWorks() throws {
        try assertWorks(folderName: "north, south")
    }

    /// initdb cannot make a cluster whose folder has a line break in its name: said up front,
    /// as a bad argument, before anything is made.
    func testAFolderNameWithALineBreakIsRefusedAsABadArgument() throws {
        let cluster = try ScratchCluster(folderName: "two\nlines")
        scratch.append(cluster)
        let started = try cluster.run("start")
        XCTAssertEqual(started.status, 64, started.err)
        XCTAssertTrue(started.err.contains("line break"), started.err)
        XCTAssertEqual(started.err.split(separator: "\n").count, 1, started.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cluster.directory.deletingLastPathComponent().path))
    }

    /// Starts a cluster in a folder of that name; queries it through the connection string and
    /// through the shell exports `start` prints; checks status and stop.
    private func assertWorks(folderName: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let cluster = try ScratchCluster(folderName: folderName)
        scratch.append(cluster)
        let started = try cluster.run("start")
        XCTAssertEqual(started.status, 0, started.err, file: file, line: line)
        XCTAssertEqual(try cluster.connect().query("SELECT current_database()")[0].decode(String.self, 0), "civicpulse", file: file, line: line)
        XCTAssertEqual(try ScratchCluster.shellEvaluated(started.out), "\(cluster.cluster.socketDirectory.path)|\(cluster.port)|civicpulse", file: file, line: line)

        let status = try cluster.run("status")
        XCTAssertEqual(status.status, 0, status.err, file: file, line: line)
        XCTAssertTrue(status.out.hasPrefix("running: "), status.out, file: file, line: line)
        let stopped = try cluster.run("stop")
        XCTAssertEqual(stopped.status, 0, stopped.err, file: file, line: line)
        XCTAssertEqual(stopped.out, "stopped the cluster in \(cluster.directory.path)\n", file: file, line: line)
        XCTAssertEqual(try cluster.run("status").status, 3, "still running after stop", file: file, line: line)
    }
}
