import Foundation
import Postgres
import XCTest

/// Statements run as the session's prepared statements (`Query.prepared`, which ingest runs a
/// file's statements beside its COPYs as): the server parses each once a session, every run gets
/// its own values' rows, alone or in a pipeline, and one the server did not prepare is prepared
/// again when next run.
final class PreparedStatementTests: DatabaseTestCase {
    private static func multiples(of factor: Int, upTo count: Int) -> Query {
        .prepared("SELECT n * \(factor) FROM generate_series(1, \(count)) AS n ORDER BY n")
    }

    private func values(_ rows: Rows) throws -> [Int] {
        try rows.map { try $0.decode(Int.self, 0) }
    }

    private func preparedTexts(on connection: Connection) throws -> [String] {
        try connection.query("SELECT statement FROM pg_prepared_statements ORDER BY prepare_time").map { try $0.decode(String.self, 0) }
    }

    func testAPreparedStatementIsParsedOnceASessionAndEachRunGetsItsValuesRows() throws {
        let connection = try database.connect()
        XCTAssertEqual(try values(connection.query(Self.multiples(of: 2, upTo: 3))), [2, 4, 6])
        XCTAssertEqual(try values(connection.query(Self.multiples(of: 10, upTo: 2))), [10, 20])
        XCTAssertEqual(try values(connection.pipeline([Self.multiples(of: 3, upTo: 1), Self.multiples(of: 5, upTo: 2)])[1]), [5, 10])
        XCTAssertEqual(try preparedTexts(on: connection), [Self.multiples(of: 1, upTo: 1).sql],
                       "one statement on the server for every run of the same text")
        XCTAssertEqual(try preparedTexts(on: database.connect()), [], "a session's own: another connection has none")
    }

    func testAStatementPreparedInARolledBackTransactionStillRuns() throws {
        let connection = try database.connect()
        struct Undo: Error {}
        XCTAssertThrowsError(try connection.transaction {
            XCTAssertEqual(try values(connection.query(Self.multiples(of: 2, upTo: 2))), [2, 4])
            throw Undo()
        })
        XCTAssertEqual(try values(connection.query(Self.multiples(of: 7, upTo: 2))), [7, 14])
        XCTAssertEqual(try preparedTexts(on: connection).count, 1)
    }

    func testAPipelinePreparesANewStatementOnceAndOneItSkippedIsPreparedWhenNextRun() throws {
        let connection = try database.connect()
        let rows = try connection.pipeline([Self.multiples(of: 2, upTo: 2), "SELECT 1", Self.multiples(of: 3, upTo: 3)])
        XCTAssertEqual(try values(rows[0]), [2, 4])
        XCTAssertEqual(try values(rows[2]), [3, 6, 9])
        XCTAssertEqual(try preparedTexts(on: connection).count, 1, "prepared once, though sent twice before the server answered")

        let other: Query = .prepared("SELECT count(*) FROM generate_series(1, \(4))")
        try connection.transaction {
            try connection.execute("SAVEPOINT before")
            XCTAssertThrowsError(try connection.pipeline(["SELECT 1 / \(0)", other])) { error in
                XCTAssertEqual((error as? PostgresError)?.sqlState, "22012", "the failed statement's own error")
            }
            try connection.execute("ROLLBACK TO SAVEPOINT before")
            XCTAssertEqual(try preparedTexts(on: connection).count, 1, "the server skipped the preparation after the failure")
            XCTAssertEqual(try connection.query(other)[0].decode(Int.self, 0), 4, "prepared when next run")
        }
        XCTAssertEqual(try preparedTexts(on: connection).count, 2)
    }

    func testAStatementTheServerRefusesToPrepareThrowsItsErrorAndTheNextIsPrepared() throws {
        let connection = try database.connect()
        XCTAssertThrowsError(try connection.query(.prepared("SELEC \(1)"))) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "42601")
        }
        XCTAssertThrowsError(try connection.pipeline([.prepared("SELEC \(1)")])) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "42601", "refused again, not taken as prepared")
        }
        XCTAssertEqual(try values(connection.query(Self.multiples(of: 4, upTo: 1))), [4])
        XCTAssertEqual(try preparedTexts(on: connection).count, 1)
    }
}
