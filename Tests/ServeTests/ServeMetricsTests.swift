import CivicPulseFetch
import Foundation
import XCTest
@testable import CivicPulseServe

/// The exposition without a server: what a scrape shows with and without the database's gauges.
final class ServeMetricsTests: XCTestCase {
    func text(_ metrics: ServeMetrics, _ gauges: DatabaseGauges?) -> [String] {
        String(decoding: metrics.exposition(database: gauges), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Without the database, the counters and `civicpulse_database_up 0`, and no gauge that
    /// would pass for a database with nothing to do.
    func testADatabaseThatDidNotAnswerShowsNoGauges() {
        let metrics = ServeMetrics()
        metrics.rejected(.queueFull, from: .meta)
        let lines = text(metrics, nil)
        XCTAssertTrue(lines.contains("civicpulse_database_up 0.0"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains(#"civicpulse_deliveries_rejected_total{platform="meta",reason="queue_full"} 1"#), lines.joined(separator: "\n"))
        XCTAssertFalse(lines.contains { $0.hasPrefix("civicpulse_processor_lag") || $0.contains("# TYPE civicpulse_processor_lag") })
    }

    /// With it, each gauge once under its own TYPE, and label values escaped.
    func testTheDatabaseGaugesAreLabelledAndEscaped() {
        let gauges = DatabaseGauges(unprocessedEvents: 3, lagSeconds: 1.5, oldestUnanswered: ["waste": 60, "libraries": 30],
                                    lastFetches: [.init(platform: "twitter", account: #"topic:"bins""#, at: Date(timeIntervalSince1970: 1_796_119_500))])
        let lines = text(ServeMetrics(), gauges)
        for expected in [
            "civicpulse_database_up 1.0", "civicpulse_processor_lag_events 3.0", "civicpulse_processor_lag_seconds 1.5",
            #"civicpulse_oldest_unanswered_seconds{service="waste"} 60.0"#, #"civicpulse_oldest_unanswered_seconds{service="libraries"} 30.0"#,
            #"civicpulse_last_fetch_timestamp_seconds{platform="twitter",account="topic:\"bins\""} 1796119500.0"#,
        ] {
            XCTAssertTrue(lines.contains(expected), "\(expected) in\n\(lines.joined(separator: "\n"))")
        }
        XCTAssertEqual(lines.filter { $0 == "# TYPE civicpulse_oldest_unanswered_seconds gauge" }.count, 1)
    }
}
