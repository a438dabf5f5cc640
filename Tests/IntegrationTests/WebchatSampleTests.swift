import Foundation
import XCTest

/// The README's `ingest --mapping webchat` line works as written, with the default pipeline.
final class WebchatSampleTests: DatabaseTestCase {
    func testTheSampleWebChatExportIngestsThroughTheExamplePipelinesMapping() throws {
        let ingest = try run(["ingest", "-q", "--mapping", "webchat", "samples/webchat/export.csv"])
        XCTAssertEqual(ingest.status, 0, ingest.err)
        XCTAssertEqual(ingest.out, "samples/webchat/export.csv: webchat CSV export (mapping webchat): 8 records read → 8 events appended, 0 already in the log, 0 records quarantined\n")

        XCTAssertEqual(try run(["process", "-q"]).status, 0)
        let dashboard = try run(["dashboard", "-q", "--from", "2026-11-16", "--to", "2026-11-22", "--format", "json"])
        XCTAssertEqual(dashboard.status, 0, dashboard.err)
        let json = try JSONSerialization.jsonObject(with: Data(dashboard.out.utf8)) as! [String: Any]
        XCTAssertEqual((json["total"] as! [String: Any])["inbound"] as? Int, 5, "the residents' five messages wait for answers on the web chat")
    }
}
