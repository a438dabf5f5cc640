import CivicPulseStore
import Foundation
import XCTest

/// The embedded cluster's names, which every run must compute the same way, and who may reach it.
final class LocalClusterTests: XCTestCase {
    let deep = URL(fileURLWithPath: "/work/projects/a-council-with-a-very-long-folder-name/and-deeper-still/where-the-embedded-cluster-lives/.civicpulse/pg")

    func testADeepFolderGetsTheSameShortSocketFolderInEveryRun() {
        // The value is FNV-1a of the path in base 36, fixed here: a run that named another folder
        // (as Swift's per-process `hashValue` did) could not reach a cluster started by an earlier one.
        XCTAssertEqual(LocalCluster(directory: deep).socketDirectory.path, "/tmp/civicpulse-qvdjel31q0l3")
        let shallow = URL(fileURLWithPath: "/srv/council/.civicpulse/pg")
        XCTAssertEqual(LocalCluster(directory: shallow).socketDirectory.path, "/srv/council/.civicpulse/pg/socket")
    }

    func testTheShellExportsKeepADatabaseAlreadyChosen() throws {
        let exports = LocalCluster(directory: deep, port: 5499).shellExports
        XCTAssertEqual(try ScratchCluster.shellEvaluated(exports), "/tmp/civicpulse-qvdjel31q0l3|5499|civicpulse")
        XCTAssertEqual(try ScratchCluster.shellEvaluated(exports, environment: ["PGDATABASE": "bench_1000000"]), "/tmp/civicpulse-qvdjel31q0l3|5499|bench_1000000")
    }

    /// The cluster trusts whoever reaches its socket, so only its owner may: checked on the
    /// cluster `make test` started through `db local start`.
    func testOnlyTheOwnerCanReachTheClustersSocket() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let folder = environment["PGHOST"], let port = environment["PGPORT"] else {
            throw XCTSkip("no embedded cluster: run under scripts/with-test-postgres")
        }
        for path in [folder, "\(folder)/.s.PGSQL.\(port)"] {
            let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
            XCTAssertEqual(mode & 0o077, 0, "\(path) is open to others: mode \(String(mode, radix: 8))")
        }
    }
}
