import Foundation
import XCTest

/// `analytics.response_items`' resolution columns, judged now, are `export items`' as of now, and
/// the quiet period is the pipeline's as `civicpulse process` last recorded it
/// (docs/analysts.md; the web chat conversations of Tests/IntegrationTests/Fixtures/README.md).
final class ResolutionViewTests: WebchatWeekTestCase {
    private let periods = [["--from", "2026-08-28", "--to", "2026-10-31"], ["--from", "2026-11-16", "--to", "2026-11-22"]]

    func testTheViewsResolutionIsTheExportsAsOfNow() throws {
        XCTAssertEqual(try view(), try exported())
        XCTAssertEqual(Set(try view().keys.map { $0.prefix { $0 != "/" } }), ["twitter", "webchat"], "every channel's items")
        XCTAssertEqual(try view()["webchat/wc-9301"], ["2026-09-01T09:00:00Z", "324000.0", "2", "false"], "90 hours over the August bank holiday")
        XCTAssertEqual(try view()["webchat/wc-9311"], ["2026-10-24T09:00:00Z", "1800.0", "1", "true"],
                       "the thanks 48½ elapsed hours later, when the clocks had gone back, came after the quiet period")
        XCTAssertEqual(try view()["webchat/wc-9221"], [nil, nil, nil, "false"], "unanswered")
    }

    /// With a 72-hour quiet period, the thanks 48½ hours after the answer to wc-9311 come within
    /// it: the resident was not done, and the item waits for another reply.
    func testTheQuietPeriodIsThePipelinesAsProcessLastRecordedIt() throws {
        let example = try String(contentsOf: pipeline, encoding: .utf8)
        try example.replacingOccurrences(of: "\nsla:\n", with: "\nsla:\n  resolution_quiet_period: 72 hours\n")
            .write(to: pipeline, atomically: true, encoding: .utf8)
        XCTAssertEqual(try view()["webchat/wc-9311"]?.first, "2026-10-24T09:00:00Z", "48 hours until process reads the pipeline again")

        XCTAssertEqual(try run(["process", "-q", "--pipeline", pipeline.path]).status, 0)
        XCTAssertEqual(try view()["webchat/wc-9311"], [nil, nil, nil, "false"])
        XCTAssertEqual(try view(), try exported())
    }

    /// Each item's resolved_at, resolution_seconds, council_replies and resolved_at_first_contact
    /// in the view, every channel's (the week's tweets too), by its channel and its first
    /// message's platform id.
    private func view() throws -> [String: [String?]] {
        let rows = try database.connect().query("""
            SELECT v.channel || '/' || i.source_id, to_char(v.resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), v.resolution_seconds,
                   v.council_replies, v.resolved_at_first_contact
            FROM analytics.response_items v JOIN projections.response_items i USING (item_id)
            """)
        return Dictionary(uniqueKeysWithValues: try rows.map { row in
            (try row.decode(String.self, 0), [try row.decode(String?.self, 1), try row.decode(Double?.self, 2).map { "\($0)" },
                                              try row.decode(Int?.self, 3).map(String.init), String(try row.decode(Bool.self, 4))])
        })
    }

    /// The same from `export items --as-of` now.
    private func exported() throws -> [String: [String?]] {
        let now = ISO8601DateFormatter().string(from: Date())
        let rows = try periods.flatMap { try jsonLines($0 + ["--as-of", now]) }
        return Dictionary(uniqueKeysWithValues: rows.map { row in
            ("\(row["channel"] as? String ?? "")/\(row["platform_id"] as? String ?? "")", [row["resolved_at"] as? String, (row["resolution_seconds"] as? Double).map { "\($0)" },
                                                   (row["council_replies"] as? Int).map(String.init), String(row["resolved_at_first_contact"] as? Bool ?? false)])
        })
    }
}
