@testable import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// The embedded cluster trusts whoever reaches its socket, so it must open no TCP port however
/// it is started: the settings live in its own configuration, not in the flags we start it with.
final class ClusterSocketOnlyTests: XCTestCase {
    private var scratch: ScratchCluster!

    override func setUpWithError() throws {
        scratch = try ScratchCluster(folderName: "council")
    }

    override func tearDown() {
        scratch.remove()
    }

    func testTheClusterRefusesTCPAndTrustsOnlyItsSocket() throws {
        try scratch.start()
        try assertSocketOnly()
    }

    /// An operator who starts it with plain `pg_ctl -D … start` gets the same cluster.
    func testAClusterStartedWithPlainPgCtlOpensNoTCPPort() throws {
        try scratch.start()
        XCTAssertEqual(try scratch.run("stop").status, 0)
        let cluster = scratch.cluster
        try cluster.run("pg_ctl", ["-D", cluster.dataDirectory.path, "-w", "-t", "60", "start"], doing: "starting PostgreSQL as an operator would")
        try assertSocketOnly()
    }

    /// A cluster an older version made (initdb's own pg_hba.conf with host lines, and no
    /// settings of ours in postgresql.conf) gets the new configuration on its next start.
    func testAClusterMadeByAnOlderVersionGetsTheSocketOnlyConfiguration() throws {
        try scratch.start()
        XCTAssertEqual(try scratch.run("stop").status, 0)
        let data = scratch.cluster.dataDirectory
        let hba = data.appendingPathComponent("pg_hba.conf")
        try "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n".write(to: hba, atomically: false, encoding: .utf8)
        let conf = data.appendingPathComponent("postgresql.conf")
        let settings = try String(contentsOf: conf, encoding: .utf8)
        try settings.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("include") }
            .joined(separator: "\n").write(to: conf, atomically: false, encoding: .utf8)

        try scratch.start()
        try assertSocketOnly()
        try scratch.start()
        let includes = try String(contentsOf: conf, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("include") }
        XCTAssertEqual(includes, ["include 'civicpulse.conf'"], "our settings are included once, however often it starts")
    }

    /// Nothing answers on TCP at the cluster's port, the server says it listens on no address,
    /// and its pg_hba.conf lets in local socket connections only.
    private func assertSocketOnly(file: StaticString = #filePath, line: UInt = #line) throws {
        let connection = try scratch.connect(database: "postgres")
        XCTAssertEqual(try connection.query("SHOW listen_addresses")[0].decode(String.self, 0), "", file: file, line: line)
        XCTAssertEqual(try connection.query("SHOW port")[0].decode(String.self, 0), "\(scratch.port)", file: file, line: line)
        let rules = try connection.query("SELECT type FROM pg_hba_file_rules").map { try $0.decode(String.self, 0) }
        XCTAssertFalse(rules.isEmpty, file: file, line: line)
        XCTAssertEqual(Set(rules), ["local"], "pg_hba.conf lets in more than the socket", file: file, line: line)
        for host in ["127.0.0.1", "::1", "localhost"] {
            XCTAssertThrowsError(try Connection("host=\(host) port=\(scratch.port) user=postgres dbname=postgres connect_timeout=5"),
                                 "a TCP connection to \(host) got in", file: file, line: line)
        }
    }
}
