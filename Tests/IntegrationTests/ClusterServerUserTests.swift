import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// Run as root, the server runs as the `postgres` user, who may not be able to enter the folder
/// the cluster was asked for (root's home is 0700 on Debian) and must not trust a folder someone
/// else made for it.
final class ClusterServerUserTests: XCTestCase {
    private var scratch: [ScratchCluster] = []

    override func setUpWithError() throws {
        guard ScratchCluster.isRoot else { throw XCTSkip("needs root: the server runs as postgres only when we are root") }
    }

    override func tearDown() {
        scratch.forEach { $0.remove() }
    }

    /// A checkout under a folder only its owner can enter: the cluster works, kept in the
    /// postgres user's home, and the user's folder is left as it was.
    func testAClusterInAFolderThePostgresUserCannotEnterWorks() throws {
        let cluster = try ScratchCluster(folderName: "checkout/.civicpulse")
        scratch.append(cluster)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: cluster.base.path)

        try cluster.start()
        let dataDirectory = try cluster.connect().query("SHOW data_directory")[0].decode(String.self, 0)
        XCTAssertTrue(dataDirectory.hasPrefix(ScratchCluster.serverUserHome + "/"), dataDirectory)
        let base = try FileManager.default.attributesOfItem(atPath: cluster.base.path)
        XCTAssertEqual(base[.posixPermissions] as? Int, 0o700, "the user's folder was opened up")
        XCTAssertEqual(base[.ownerAccountID] as? Int, 0, "the user's folder was given away")

        // Every later command finds it again: status, stop, start, delete.
        XCTAssertEqual(try cluster.run("status").status, 0)
        XCTAssertEqual(try cluster.run("stop").status, 0)
        XCTAssertEqual(try cluster.run("status").status, 3)
        try cluster.start()
        XCTAssertEqual(try cluster.connect().query("SHOW data_directory")[0].decode(String.self, 0), dataDirectory, "a second cluster was made")
        let deleted = try cluster.run("delete")
        XCTAssertEqual(deleted.status, 0, deleted.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dataDirectory), "delete left the data behind")
        let gone = try cluster.run("status")
        XCTAssertEqual(gone.status, 3)
        XCTAssertTrue(gone.out.hasPrefix("no cluster in \(cluster.directory.path): `civicpulse db local start --dir "), "not 'stopped': \(gone.out)")
    }

    /// A deep folder's socket goes under /tmp, where anyone may have made that folder first.
    func testASocketFolderAnotherUserMadeIsNotTrusted() throws {
        let cluster = try ScratchCluster(folderName: String(repeating: "a-long-folder-name/", count: 4))
        scratch.append(cluster)
        let socket = cluster.cluster.socketDirectory.path
        XCTAssertTrue(socket.hasPrefix("/tmp/civicpulse-"), socket)
        try FileManager.default.createDirectory(atPath: socket, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o777, .ownerAccountID: 65534])
        defer { try? FileManager.default.removeItem(atPath: socket) }

        let refused = try cluster.run("start")
        XCTAssertEqual(refused.status, 1, refused.err)
        XCTAssertTrue(refused.err.contains(socket), refused.err)
        XCTAssertEqual(try cluster.run("status").status, 3, "started with a socket folder another user controls")

        try FileManager.default.removeItem(atPath: socket)
        try cluster.start()
        let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: socket)[.posixPermissions] as? Int)
        XCTAssertEqual(mode, 0o700)
        XCTAssertEqual(try cluster.connect().query("SELECT 1")[0].decode(Int.self, 0), 1)
    }
}
