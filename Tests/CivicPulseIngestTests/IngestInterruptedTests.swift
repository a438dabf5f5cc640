@testable import CivicPulseIngest
import Postgres
import XCTest

/// The one line ingest ends with when the database fails during a file.
final class IngestInterruptedTests: XCTestCase {
    private let closed = PostgresError(kind: .server, message: "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.\n")

    func testALostServerNamesTheFileWhatLandedAndToRunItAgain() {
        XCTAssertEqual(IngestInterrupted(file: "b.jsonl", landed: 2, left: 1, committing: false, error: closed).description,
                       "ingest stopped at b.jsonl: lost the database connection: server closed the connection unexpectedly; "
                       + "nothing of b.jsonl is in the log (rolled back as a whole); the 2 files before it are in the log; "
                       + "ingest it and the 1 file after it again (what is already there counts as duplicate)")
        let shutdown = PostgresError(kind: .server, sqlState: "57P01", message: "terminating connection due to administrator command")
        XCTAssertEqual(IngestInterrupted(file: "a.json", landed: 0, left: 0, committing: true, error: shutdown).description,
                       "ingest stopped at a.json: lost the database connection: terminating connection due to administrator command; "
                       + "whether a.json is in the log is unknown (the server went while committing it); no file before it is in the log; "
                       + "ingest it again (what is already there counts as duplicate)")
    }

    func testARefusedStatementSaysWhatWasNotReadInsteadOfRunningAgain() {
        let refused = PostgresError(kind: .server, sqlState: "42501", message: "permission denied for table events")
        XCTAssertEqual(IngestInterrupted(file: "c.json", landed: 1, left: 3, committing: false, error: refused).description,
                       "ingest stopped at c.json: PostgreSQL error 42501: permission denied for table events; "
                       + "nothing of c.json is in the log (rolled back as a whole); the 1 file before it is in the log; the 3 files after it were not read")
    }
}
