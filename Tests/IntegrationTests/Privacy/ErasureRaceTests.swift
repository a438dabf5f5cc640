@testable import CivicPulseProcessor
import CivicPulseReadModel
import Foundation
import Postgres
import XCTest

/// `forget` (and retention, and reapply) clear the erased messages' links from the projections in
/// their own transaction, while the processor may be writing them: a batch that read a message
/// just before the erasure must not write its link back (docs/privacy.md, "The processor and
/// erasures"). Two interleavings, each on connections of its own: the erasure commits between a
/// batch's read and its apply (as when the batch was read ahead), and the erasure starts while a
/// batch is applied and not yet committed.
final class ErasureRaceTests: PrivacyCommandTestCase {
    private let resident = ["forget", "-q", "--platform", "twitter", "--user-id", "100001"]
    private let links = """
        SELECT (SELECT count(*) FROM projections.conversation_messages WHERE source_id IN ('1001', '1009') AND url IS NOT NULL)
             + (SELECT count(*) FROM projections.response_items r JOIN civicpulse.events e ON e.event_id = r.item_id
                WHERE e.source_id IN ('1001', '1009') AND r.url IS NOT NULL)
        """

    /// The fixture week logged, not processed, and the batch the processor would read first.
    private func loggedWeek() throws -> [LoggedEvent] {
        XCTAssertEqual(try cli(["ingest", "-q", Fixtures.path("harbourside-tweets.json"), Fixtures.path("harbourside-tweets-monday.json")]).status, 3)
        let reader = try database.connect()
        let events = try Processor.read(after: try Checkpoint.load(on: reader), limit: 1_000, on: reader)
        XCTAssertEqual(events.filter { ["1001", "1009"].contains($0.sourceID) && $0.url != nil }.count, 2, "the batch read the resident's links")
        return events
    }

    private func count(_ sql: String, on connection: Connection) throws -> Int {
        try connection.query(Query(unsafeSQL: sql))[0].decode(Int.self, 0)
    }

    func testAnErasureBetweenABatchsReadAndItsApplyLeavesNoLink() throws {
        let events = try loggedWeek()
        XCTAssertEqual(try succeeds(resident), "forgot 2 messages of 1 resident; 0 projection rows updated\n", "nothing was processed yet")

        let connection = try database.connect()
        let processor = Processor(connection: connection, config: try Fixtures.config())
        try connection.transaction { try processor.apply(events, after: try Checkpoint.claim(on: connection)) }
        XCTAssertEqual(try count(links, on: connection), 0, "the batch wrote back the links of messages erased after it read them")
        _ = try succeeds(["process", "-q"]) // nothing left to take: settles the weeks, as a catch-up ends
        let incremental = try projectionDigests(database)
        _ = try succeeds(["process", "-q", "--rebuild"])
        assertSameProjections(try projectionDigests(database), incremental, "rebuild after the race")
    }

    func testAnErasureDuringABatchWaitsForItAndThenClearsItsLinks() throws {
        let events = try loggedWeek()
        let connection = try database.connect()
        let processor = Processor(connection: connection, config: try Fixtures.config())
        try connection.execute("BEGIN")
        try processor.apply(events, after: try Checkpoint.claim(on: connection))

        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var line = ""
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = database.name
        environment["CIVICPULSE_HOME"] = folder.path
        let arguments = resident
        let erasure = Thread { [environment] in
            line = (try? runCivicPulse(arguments, environment: environment))?.out ?? "failed"
            finished.signal()
        }
        erasure.start()
        XCTAssertEqual(finished.wait(timeout: .now() + 2), .timedOut, "forget waits for the batch to commit")
        try connection.execute("COMMIT")
        XCTAssertEqual(finished.wait(timeout: .now() + 60), .success)
        // The two items' links and 1009's message row: 1001, answered, is settled at its
        // conversation's cut (migration 154), a place in the log with no link of its own.
        XCTAssertEqual(line, "forgot 2 messages of 1 resident; 3 projection rows updated\n")
        XCTAssertEqual(try count(links, on: connection), 0, "forget's clear saw the batch's rows")
    }
}
