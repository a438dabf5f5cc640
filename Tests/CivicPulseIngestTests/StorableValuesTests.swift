import CivicPulseCore
import Foundation
import XCTest
@testable import CivicPulseIngest

/// A value PostgreSQL cannot store costs one record at most, and never the file: a NUL in what a
/// person wrote is kept as U+FFFD, a NUL in an id or a time outside 2000–2099 quarantines the
/// record, naming the field (docs/event-model.md, "What the log can store").
final class StorableValuesTests: XCTestCase {
    func testNULsInTextAndDetailsAreReplacedAndBadIdsTimesAndNumbersQuarantined() throws {
        let batch = try TwitterFixtures.read("v2-unstorable-values.json")
        XCTAssertEqual(batch.recordsRead, 6)
        XCTAssertEqual(batch.events.map(\.sourceID), ["1861000000000000101", "1861000000000000106"])
        let kept = try XCTUnwrap(batch.events.first)
        XCTAssertEqual(kept.text, "Bins not collected\u{FFFD} on Elm St @HarboursideCC")
        XCTAssertEqual(kept.details["lang"], .string("e\u{FFFD}n"))
        XCTAssertEqual(kept.kind, .inboundMessage, "the record is read as it would be without the NUL")
        XCTAssertEqual(batch.rejections.map { "\($0.recordPath) \($0.field): \($0.reason)" }, [
            "data[1] created_at: \"0000-03-02T09:00:00.000Z\" is outside the years 2000 to 2099 the log takes",
            "data[2] source_id: contains a NUL character, which the log cannot store in an id",
            "data[3] details.public_metrics.like_count: a number too large to store",
            "data[4] id: the time in the snowflake id is outside the years 2000 to 2099 the log takes",
        ])
        XCTAssertFalse(batch.rejections.contains { $0.recordID?.utf8.contains(0) == true || $0.payload.utf8.contains(0) },
                       "the quarantine must be able to store the rejection itself")
    }

    /// Times a platform can spell but the log cannot hold, or should not: an epoch of 1e300 or beyond
    /// `Double`, year 99999, year 1, the Unix epoch itself.
    func testAbsurdTimesAreQuarantinedNamingTheField() throws {
        let config = try PipelineConfig.parse(yaml: TwitterFixtures.yaml, file: "listening-test.yaml")
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("listening/unstorable-times.jsonl")
        let batch = try PayloadReader(config: config, hasher: TwitterFixtures.hasher)
            .accountedRead(data: Data(contentsOf: url), file: "unstorable-times.jsonl", observedAt: TwitterFixtures.observedAt)
        XCTAssertEqual(batch.events.map(\.sourceID), ["805"])
        XCTAssertEqual(batch.rejections.map { "\($0.recordPath) \($0.field): \($0.reason)" }, [
            "line 1 time: 1e+300 is outside the years 2000 to 2099 the log takes",
            "line 2 time: not a timestamp: a number too large for any time",
            "line 3 time: \"Tue Oct 31 22:10:47 +0000 99999\" is outside the years 2000 to 2099 the log takes",
            "line 4 time: -62135596800 is outside the years 2000 to 2099 the log takes",
            "line 6 time: 0 is outside the years 2000 to 2099 the log takes",
        ])
    }

    /// Whatever a reader dates an event by, the log's years hold: statistics dated by a file
    /// whose modification time is the Unix epoch are quarantined, not stored as of 1970.
    func testEveryEventsTimeIsCheckedWhereverItCameFrom() throws {
        let batch = try YouTubeFixtures.read("channels-statistics.json", observedAt: Date(timeIntervalSince1970: 0))
        XCTAssertTrue(batch.events.isEmpty)
        XCTAssertFalse(batch.rejections.isEmpty)
        XCTAssertEqual(Set(batch.rejections.map { "\($0.field): \($0.reason)" }),
                       ["occurred_at: 1970-01-01 00:00:00 +0000 is outside the years 2000 to 2099 the log takes"])
    }

    /// An Insights value dated 1e300 trapped while its id was made from the time in whole seconds.
    func testAnInsightsEndTimeBeyondReasonIsQuarantinedNotACrash() throws {
        let batch = try FacebookFixtures.read(json: """
            {"data":[{"name":"page_impressions","period":"day","id":"110000000000001/insights/page_impressions/day",
                      "values":[{"value":12,"end_time":1e300}]}],"paging":{}}
            """)
        XCTAssertEqual(batch.rejections.map { "\($0.field): \($0.reason)" },
                       ["values[0].end_time: 1e+300 is outside the years 2000 to 2099 the log takes"])
    }

    /// A lone surrogate or bytes that are not UTF-8 inside one string no longer cost the page: the
    /// string keeps U+FFFD where they were.
    func testABrokenCharacterInOneTweetKeepsThePage() throws {
        var json = Data(#"{"data":[{"id":"1861000000000000301","text":"Lone \ud800 surrogate","author_id":"1500000000000000011","created_at":"2026-03-02T09:00:00.000Z"},"#.utf8)
        json += Data(#"{"id":"1861000000000000302","text":"Bad "#.utf8) + Data([0xC3, 0x28]) + Data(#" byte","author_id":"1500000000000000012","created_at":"2026-03-02T09:01:00.000Z"}],"meta":{"result_count":2}}"#.utf8)
        let batch = try TwitterFixtures.reader().accountedRead(data: json, file: "broken.json", observedAt: TwitterFixtures.observedAt)
        XCTAssertEqual(batch.events.map(\.text), ["Lone \u{FFFD} surrogate", "Bad \u{FFFD}( byte"])
    }

    /// A file that is not JSON says where it stops being JSON, and what was expected there.
    func testAFileThatIsNotJSONSaysWhere() throws {
        let cases: [(String, String)] = [
            ("{\n  \"data\": [\n    {\"id\": \"1\" \"text\": \"x\"}\n  ]\n}\n",
             "line 3, byte 30: expected ',' or '}' after a member, found '\"'"),
            ("{\n  \"data\": [\n    {\"id\": \"1\", \"text\": \"cut sho",
             "line 3, byte 47: expected '\"' to close the string, but the text ends there (cut short?)"),
            (String(repeating: "[", count: 1_000) + String(repeating: "]", count: 1_000),
             "line 1, byte 129: nested deeper than 128 objects and arrays"),
        ]
        for (text, location) in cases {
            XCTAssertThrowsError(try TwitterFixtures.read(json: text)) { error in
                XCTAssertEqual((error as? IngestError)?.reason,
                               "\(location) (the file is neither JSON nor JSON Lines, one JSON object per line)")
            }
        }
    }
}
