import Foundation
import XCTest

/// `analytics.response_items`' resolution columns, judged now, are `export items`' as of now (the
/// business-hours resolution time too, read off the business clocks the processor writes out), and
/// the quiet period is the pipeline's as `civicpulse process` last recorded it
/// (docs/analysts.md; the web chat conversations of Tests/IntegrationTests/Fixtures/README.md).
final class ResolutionViewTests: WebchatWeekTestCase {
    private let periods = [["--from", "2026-08-28", "--to", "2026-10-31"], ["--from", "2026-11-16", "--to", "2026-11-22"]]

    func testTheViewsResolutionIsTheExportsAsOfNow() throws {
        XCTAssertEqual(try view(), try exported())
        XCTAssertEqual(Set(try view().keys.map { $0.prefix { $0 != "/" } }), ["twitter", "webchat"], "every channel's items")
        XCTAssertEqual(try view()["webchat/wc-9301"], ["2026-09-01T09:00:00Z", "324000.0", "2", "false", "7200.0"],
                       "90 hours over the August bank holiday, 2 of them business hours")
        XCTAssertEqual(try view()["webchat/wc-9311"], ["2026-10-24T09:00:00Z", "1800.0", "1", "true", "0.0"],
                       "the thanks 48½ elapsed hours later, when the clocks had gone back, came after the quiet period; answered on a Saturday")
        XCTAssertEqual(try view()["webchat/wc-9231"], ["2026-11-21T12:00:00Z", "345600.0", "1", "true", "104400.0"],
                       "Tuesday 12:00 to Saturday 12:00: 5 hours on Tuesday, 8 on each of Wednesday to Friday")
        XCTAssertEqual(try view()["webchat/wc-9221"], [nil, nil, nil, "false", nil], "unanswered")
    }

    /// A chat across the night the clocks went back: Friday 23 October 2026 16:00 BST (15:00 UTC),
    /// answered Monday 26 October 10:00 GMT, 67 hours later (66 on the clock's face), of which 2
    /// were business hours (Friday 16:00-17:00, Monday 09:00-10:00), processed after the rest.
    func testTheViewsBusinessResolutionAcrossTheClockChange() throws {
        try ingestChats("""
            message_id,session_id,sent_at,sender,body,in_reply_to,link
            wc-9501,chat-950,2026-10-23T15:00:00Z,visitor-9501,"Is the tip open on Saturday?",,
            wc-9502,chat-950,2026-10-26T10:00:00Z,HarbourChat,"Yes, 9 to 4",wc-9501,

            """)
        XCTAssertEqual(try view()["webchat/wc-9501"], ["2026-10-26T10:00:00Z", "241200.0", "1", "true", "7200.0"])
        let row = try jsonLines(["--from", "2026-10-19", "--to", "2026-10-25", "--as-of", "2026-11-01T00:00:00Z"]).first { $0["platform_id"] as? String == "wc-9501" }
        XCTAssertEqual(row?["resolution_business_seconds"] as? Double, 7200)
        XCTAssertEqual(try view(), try exported())
    }

    /// With a 72-hour quiet period, the thanks 48½ hours after the answer to wc-9311 come within
    /// it: the resident was not done, and the item waits for another reply.
    func testTheQuietPeriodIsThePipelinesAsProcessLastRecordedIt() throws {
        let example = try String(contentsOf: pipeline, encoding: .utf8)
        try example.replacingOccurrences(of: "\nsla:\n", with: "\nsla:\n  resolution_quiet_period: 72 hours\n")
            .write(to: pipeline, atomically: true, encoding: .utf8)
        XCTAssertEqual(try view()["webchat/wc-9311"]?.first, "2026-10-24T09:00:00Z", "48 hours until process reads the pipeline again")

        XCTAssertEqual(try run(["process", "-q", "--pipeline", pipeline.path]).status, 0)
        XCTAssertEqual(try view()["webchat/wc-9311"], [nil, nil, nil, "false", nil])
        XCTAssertEqual(try view(), try exported())
    }

    /// Each item's resolved_at, resolution_seconds, council_replies, resolved_at_first_contact and
    /// resolution_business_seconds in the view, every channel's (the week's tweets too), by its channel and its first
    /// message's platform id.
    private func view() throws -> [String: [String?]] {
        let rows = try database.connect().query("""
            SELECT v.channel || '/' || i.source_id, to_char(v.resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), v.resolution_seconds,
                   v.council_replies, v.resolved_at_first_contact, v.resolution_business_seconds
            FROM analytics.response_items v JOIN (SELECT i.*, e.source_id FROM projections.response_items i JOIN civicpulse.events e ON e.event_id = i.item_id) i USING (item_id)
            """)
        return Dictionary(uniqueKeysWithValues: try rows.map { row in
            (try row.decode(String.self, 0), [try row.decode(String?.self, 1), try row.decode(Double?.self, 2).map { "\($0)" },
                                              try row.decode(Int?.self, 3).map(String.init), String(try row.decode(Bool.self, 4)),
                                              try row.decode(Double?.self, 5).map { "\($0)" }])
        })
    }

    /// The same from `export items --as-of` now.
    private func exported() throws -> [String: [String?]] {
        let now = ISO8601DateFormatter().string(from: Date())
        let rows = try periods.flatMap { try jsonLines($0 + ["--as-of", now]) }
        return Dictionary(uniqueKeysWithValues: rows.map { row in
            ("\(row["channel"] as? String ?? "")/\(row["platform_id"] as? String ?? "")", [row["resolved_at"] as? String, (row["resolution_seconds"] as? Double).map { "\($0)" },
                                                   (row["council_replies"] as? Int).map(String.init), String(row["resolved_at_first_contact"] as? Bool ?? false),
                                                   (row["resolution_business_seconds"] as? Double).map { "\($0)" }])
        })
    }
}
