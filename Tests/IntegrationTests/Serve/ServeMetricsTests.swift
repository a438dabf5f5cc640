import Foundation
import Postgres
import XCTest

/// `GET /metrics` of the built `civicpulse serve`, scraped as Prometheus would: counters that
/// move with deliveries, the processor's lag read from the database, and a database that is
/// down shown as such rather than as a failed scrape.
final class ServeMetricsTests: ServeTestCase {
    func scrape() throws -> PrometheusText {
        let answer = try LoopbackHTTP.send(port: port, "GET", "/metrics")
        XCTAssertEqual(answer.status, 200, answer.body)
        XCTAssertEqual(answer.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8")
        return try PrometheusText(answer.body)
    }

    /// A good delivery, a forgery and an oversized one each count as received, and the two
    /// refused by their reason; only the good one's event counts as appended.
    func testCountersMoveWithDeliveries() throws {
        try startServe(["--max-body", "2000"])
        let before = try scrape()
        XCTAssertEqual(before.types["civicpulse_deliveries_received_total"], "counter")
        XCTAssertEqual(before.value("civicpulse_deliveries_received_total", ["platform": "meta"]), 0)
        XCTAssertEqual(before.value("civicpulse_deliveries_rejected_total", ["platform": "meta", "reason": "bad_signature"]), 0)

        XCTAssertEqual(try deliver(Self.commentDelivery(1)).status, 200)
        XCTAssertEqual(try deliver(Self.commentDelivery(2), signature: Self.metaSignature(Self.commentDelivery(2), secret: "guess")).status, 403)
        XCTAssertEqual(try deliver(Data(repeating: UInt8(ascii: " "), count: 3000)).status, 413)
        XCTAssertEqual(try deliver(Self.commentDelivery(1)).status, 200, "a redelivery: received again, appends nothing")

        let after = try scrape()
        XCTAssertEqual(after.value("civicpulse_deliveries_received_total", ["platform": "meta"]), 4)
        XCTAssertEqual(after.value("civicpulse_deliveries_received_total", ["platform": "x"]), 0)
        XCTAssertEqual(after.value("civicpulse_deliveries_rejected_total", ["platform": "meta", "reason": "bad_signature"]), 1)
        XCTAssertEqual(after.value("civicpulse_deliveries_rejected_total", ["platform": "meta", "reason": "too_large"]), 1)
        XCTAssertEqual(after.value("civicpulse_deliveries_rejected_total", ["platform": "meta", "reason": "queue_full"]), 0)
        XCTAssertEqual(after.value("civicpulse_events_appended_total"), 1)
        XCTAssertEqual(after.value("civicpulse_records_quarantined_total"), 0)
        XCTAssertEqual(after.value("civicpulse_database_up"), 1)
    }

    /// A delivery for an X account not in the pipeline is quarantined whole, and counted.
    func testQuarantinedDeliveriesAreCounted() throws {
        try startServe()
        let delivery = try ServeXTests.xFixture("aa-unknown-account.json")
        let answer = try LoopbackHTTP.send(port: port, "POST", "/webhooks/x",
                                           headers: [("x-twitter-webhooks-signature", ServeXTests.xSignature(delivery))], body: delivery)
        XCTAssertEqual(answer.status, 200)
        let metrics = try scrape()
        XCTAssertEqual(metrics.value("civicpulse_deliveries_received_total", ["platform": "x"]), 1)
        XCTAssertEqual(metrics.value("civicpulse_records_quarantined_total"), 1)
    }

    /// The lag appears once a delivery is committed and falls to 0 once `process` has run; the
    /// resident's comment about bins is then the waste service's oldest unanswered item.
    func testLagAppearsAfterADeliveryAndFallsAfterProcess() throws {
        try startServe()
        let idle = try scrape()
        XCTAssertEqual(idle.value("civicpulse_processor_lag_events"), 0)
        XCTAssertEqual(idle.value("civicpulse_processor_lag_seconds"), 0)
        XCTAssertFalse(idle.has("civicpulse_oldest_unanswered_seconds"))

        XCTAssertEqual(try deliver(Self.commentDelivery(1)).status, 200)
        Thread.sleep(forTimeInterval: 0.2)
        let behind = try scrape()
        XCTAssertEqual(behind.value("civicpulse_processor_lag_events"), 1)
        XCTAssertGreaterThan(try XCTUnwrap(behind.value("civicpulse_processor_lag_seconds")), 0.1)
        XCTAssertLessThan(try XCTUnwrap(behind.value("civicpulse_processor_lag_seconds")), 60)

        let processed = try run(["process", "-q", "--pipeline", pipeline])
        XCTAssertEqual(processed.status, 0, processed.err)
        let current = try scrape()
        XCTAssertEqual(current.value("civicpulse_processor_lag_events"), 0)
        XCTAssertEqual(current.value("civicpulse_processor_lag_seconds"), 0)
        XCTAssertGreaterThan(try XCTUnwrap(current.value("civicpulse_oldest_unanswered_seconds", ["service": "waste"])), 0)
    }

    /// Each account's last successful fetch, from the cursors fetch keeps: the newest of its
    /// endpoints' walks to the end, whether or not the mark moved (`updated_at`), and for an
    /// endpoint that never found anything (no mark) too.
    func testLastFetchPerAccount() throws {
        try database.connect().execute("""
            INSERT INTO civicpulse.fetch_cursors (platform, account, endpoint, since_id, updated_at, fetched_at) VALUES
                ('twitter', 'harbourside_x', 'mentions', '10', '2026-11-01 10:00:00+00', '2026-12-01 10:00:00+00'),
                ('twitter', 'harbourside_x', 'tweets', NULL, '2026-11-01 10:00:00+00', '2026-12-01 10:05:00+00'),
                ('twitter', 'topic:"bins"', 'search', '12', '2026-11-01 09:00:00+00', '2026-12-01 09:00:00+00')
            """)
        try startServe()
        let metrics = try scrape()
        XCTAssertEqual(metrics.value("civicpulse_last_fetch_timestamp_seconds", ["platform": "twitter", "account": "harbourside_x"]), 1_796_119_500)
        XCTAssertEqual(metrics.value("civicpulse_last_fetch_timestamp_seconds", ["platform": "twitter", "account": #"topic:\"bins\""#]), 1_796_115_600,
                       "a quote in a label value is escaped")
    }

    /// With the database refusing connections, a scrape is still 200 with the counters,
    /// `civicpulse_database_up 0` and none of the database's gauges, rather than stale ones.
    func testADatabaseThatIsDownLeavesItsGaugesOut() throws {
        try startServe()
        XCTAssertEqual(try scrape().value("civicpulse_database_up"), 1)
        let admin = try Connection("dbname=postgres")
        try admin.execute("ALTER DATABASE \"\(database.name)\" ALLOW_CONNECTIONS false")
        defer { _ = try? admin.execute("ALTER DATABASE \"\(database.name)\" ALLOW_CONNECTIONS true") }
        try admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(database.name)' AND pid <> pg_backend_pid()")
        let down = try scrape()
        XCTAssertEqual(down.value("civicpulse_database_up"), 0)
        XCTAssertFalse(down.has("civicpulse_processor_lag_events"))
        XCTAssertFalse(down.has("civicpulse_processor_lag_seconds"))
        XCTAssertEqual(down.value("civicpulse_deliveries_received_total", ["platform": "meta"]), 0)
        XCTAssertTrue(serve!.isRunning)
        try admin.execute("ALTER DATABASE \"\(database.name)\" ALLOW_CONNECTIONS true")
        XCTAssertTrue(try poll(timeout: 10) { try scrape().value("civicpulse_database_up") == 1 }, "it reconnects")
        XCTAssertEqual(try scrape().value("civicpulse_processor_lag_events"), 0)
    }
}
