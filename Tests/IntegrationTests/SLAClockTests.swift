import CivicPulseCore
import CivicPulseProcessor
import Postgres
import XCTest

/// The SLA clock through the whole pipeline, on hand-computed answers across a DST change and a
/// bank holiday (Fixtures/README.md).
final class SLAClockTests: DatabaseTestCase {
    func testDeadlinesAndBusinessTimesAcrossTheClocksGoingBackAndABankHoliday() throws {
        let connection = try database.connect()
        _ = try Fixtures.ingestor(connection).ingest(file: Fixtures.path("harbourside-dst-and-bank-holiday.json"))
        try Processor(connection: connection, config: try Fixtures.config()).catchUp()
        let rows = try connection.query("""
            SELECT source_id, due_at, responded_at <= due_at, response_seconds, business_response_seconds
            FROM (SELECT i.*, e.source_id FROM projections.response_items i JOIN civicpulse.events e ON e.event_id = i.item_id) response_items ORDER BY source_id
            """)
        XCTAssertEqual(rows.count, 2)

        XCTAssertEqual(try rows[0].decode(String.self, 0), "2101")
        XCTAssertEqual(try rows[0].decode(Date.self, 1), utc("2026-10-26T09:30:00Z"), "09:30 GMT: the clocks went back on Sunday")
        XCTAssertEqual(try rows[0].decode(Bool.self, 2), true)
        XCTAssertEqual(try rows[0].decode(Double.self, 3), 237_000, "2 days, 17 hours and 50 minutes")
        XCTAssertEqual(try rows[0].decode(Double.self, 4), 50 * 60)

        XCTAssertEqual(try rows[1].decode(String.self, 0), "2201")
        XCTAssertEqual(try rows[1].decode(Date.self, 1), utc("2026-09-01T08:45:00Z"), "Tuesday 09:45 BST: Monday was a bank holiday")
        XCTAssertEqual(try rows[1].decode(Bool.self, 2), false)
        XCTAssertEqual(try rows[1].decode(Double.self, 4), 65 * 60)

        // Each question is its item's only message: its reply is the first response, on both clocks.
        let replies = try connection.query("""
            SELECT i.source_id, r.reply_seconds, r.business_reply_seconds
            FROM analytics.replies r JOIN (SELECT i.*, e.source_id FROM projections.response_items i JOIN civicpulse.events e ON e.event_id = i.item_id) i ON i.item_id = r.item_id ORDER BY 1
            """).map { [try $0.decode(String.self, 0), "\(try $0.decode(Double.self, 1))", "\(try $0.decode(Double.self, 2))"] }
        XCTAssertEqual(replies[0], ["2101", "237000.0", "3000.0"], "across the clocks going back")
        XCTAssertEqual(replies[1], ["2201", "320700.0", "3900.0"], "across the bank holiday: Fri 16:45 BST to Tue 09:50 BST")
    }
}
