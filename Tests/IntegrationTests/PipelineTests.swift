import Foundation
import Postgres
import XCTest

/// Statements sent together in one round trip (`Connection.pipeline`, which ingest sends a file's
/// pseudonyms, handles, lock and savepoint through) run in order and fail as one statement would.
final class PipelineTests: DatabaseTestCase {
    func testStatementsRunInOrderAndEachGivesItsRows() throws {
        let connection = try database.connect()
        try connection.execute("CREATE TABLE seen (n integer PRIMARY KEY)")
        let rows = try connection.transaction {
            try connection.pipeline([
                "INSERT INTO seen VALUES (1), (2)",
                "SELECT count(*) FROM seen WHERE n > \(0)",
                "INSERT INTO seen VALUES (3) RETURNING n * \(10)",
            ])
        }
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(try rows[1][0].decode(Int.self, 0), 2, "the second statement sees the first's rows")
        XCTAssertEqual(try rows[2][0].decode(Int.self, 0), 30)
        XCTAssertEqual(try connection.query("SELECT count(*) FROM seen")[0].decode(Int.self, 0), 3, "committed with the transaction")
    }

    func testAFailingStatementThrowsItsErrorAndTheRestDoNotRun() throws {
        let connection = try database.connect()
        try connection.execute("CREATE TABLE seen (n integer PRIMARY KEY); INSERT INTO seen VALUES (1)")
        try connection.transaction {
            XCTAssertThrowsError(try connection.pipeline([
                "SAVEPOINT before", "INSERT INTO seen VALUES (2)", "INSERT INTO seen VALUES (1)", "INSERT INTO seen VALUES (3)",
            ])) { error in
                XCTAssertEqual((error as? PostgresError)?.sqlState, "23505", "the refused insert's own error")
            }
            // As after a statement that failed alone: the savepoint sent before it takes the transaction back.
            try connection.execute("ROLLBACK TO SAVEPOINT before")
            try connection.query("INSERT INTO seen VALUES (4)")
        }
        XCTAssertEqual(try connection.query("SELECT array_agg(n ORDER BY n)::text FROM seen")[0].decode(String.self, 0), "{1,4}",
                       "nothing after the failed statement ran, nothing before it was kept, and the connection works as before")
    }
}
