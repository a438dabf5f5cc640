import CivicPulseProcessor
import Foundation
import Postgres
import XCTest

/// A statement of the processor the server refuses reaches the user as one sentence: no
/// constraint name, no row; the checkpoint stays and nothing of the batch is kept.
final class ProcessorErrorTests: DatabaseTestCase {
    func testARefusedBatchIsOneSentenceAndTheCheckpointStays() throws {
        let connection = try database.connect()
        _ = try Fixtures.ingestor(connection).ingest(file: Fixtures.path("harbourside-tweets.json"))
        // Every response item is refused, as a projection's constraint would refuse a faulty row.
        try connection.execute("""
            ALTER TABLE projections.response_items ADD CONSTRAINT refuse_every_item CHECK (false) NOT VALID
            """)

        let run = try run(["process", "-q"])
        XCTAssertEqual(run.status, 1, run.err)
        let lines = run.err.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, run.err)
        XCTAssertTrue(run.err.contains("the database refused the projections' rows for "), run.err)
        XCTAssertTrue(run.err.contains("(SQLSTATE 23514), so none were kept and the checkpoint did not move"), run.err)
        XCTAssertFalse(run.err.contains("refuse_every_item"), "the server's words stay out of what is printed: \(run.err)")
        XCTAssertEqual(try connection.query("SELECT count(*) FROM projections.response_items")[0].decode(Int.self, 0), 0)
        XCTAssertEqual(try connection.query("SELECT coalesce(sum(events_processed), 0)::bigint FROM projections.checkpoints")[0].decode(Int.self, 0), 0)

        // A person debugging finds the server's error, constraint and all.
        let processor = Processor(connection: connection, config: try Fixtures.config())
        XCTAssertThrowsError(try processor.catchUp()) { error in
            let refused = error as? ProcessorError
            XCTAssertEqual(refused?.underlying.sqlState, "23514")
            XCTAssertTrue(refused?.debugDescription.contains("refuse_every_item") == true, String(reflecting: error))
        }
    }
}
