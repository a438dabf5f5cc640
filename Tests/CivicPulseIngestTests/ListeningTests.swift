import CivicPulseCore
import Foundation
@testable import CivicPulseIngest
import XCTest

final class ListeningTests: XCTestCase {
    private static let yaml = TwitterFixtures.yaml + """

        topics:
          flooding:
            include: [flood, flooded, road closed]
            exclude: [floodlight, floodlights]
          roads:
            include: [pothole, potholes]
        """

    private func read(lineEnding: String = "\n", repeated: Int = 1) throws -> NormalisedBatch {
        let config = try PipelineConfig.parse(yaml: Self.yaml, file: "listening-test.yaml")
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("listening/harbourside-mentions.jsonl")
        let text = String(repeating: try String(contentsOf: url, encoding: .utf8), count: repeated).replacingOccurrences(of: "\n", with: lineEnding)
        return try PayloadReader(config: config, hasher: TwitterFixtures.hasher)
            .accountedRead(data: Data(text.utf8), file: "mentions.jsonl", observedAt: TwitterFixtures.observedAt)
    }

    /// An export saved on Windows ends its lines with CR LF: the same records, the same line numbers.
    func testAStreamWithWindowsLineEndingsReadsTheSame() throws {
        let windows = try read(lineEnding: "\r\n"), unix = try read()
        XCTAssertEqual(windows.recordsRead, 6)
        XCTAssertEqual(windows.events.map(\.eventID), unix.events.map(\.eventID))
        XCTAssertEqual(windows.rejections.map(\.recordPath), ["line 5"])
    }

    /// A long stream is read in pieces on several threads: the same records, in line order,
    /// with the right line numbers.
    func testALongStreamReadsAsItsLinesInOrder() throws {
        let once = try read(), long = try read(repeated: 1_000)
        XCTAssertGreaterThan(6_000, PayloadReader.linesPerPiece * 2, "long enough to be read in pieces")
        XCTAssertEqual(long.recordsRead, 6_000)
        XCTAssertEqual(long.events.map(\.eventID), Array(repeating: once.events.map(\.eventID), count: 1_000).flatMap { $0 })
        XCTAssertEqual(long.events.map(\.details), Array(repeating: once.events.map(\.details), count: 1_000).flatMap { $0 })
        XCTAssertEqual(long.rejections.map(\.recordPath), (0..<1_000).map { "line \(6 * $0 + 5)" })
    }

    func testAMentionStreamIsRecognisedAndEveryGoodRecordKept() throws {
        let batch = try read()
        XCTAssertEqual(batch.recognisedAs, "keyword-listening stream JSON Lines")
        XCTAssertEqual(batch.recordsRead, 6)
        XCTAssertEqual(batch.events.count, 5)
        XCTAssertEqual(batch.rejections.map(\.recordPath), ["line 5"])
        XCTAssertEqual(batch.rejections.first?.field, "time")
    }

    func testTopicsAreMatchedOnWholeWordsAndUnmatchedMentionsAreFlagged() throws {
        let events = Dictionary(uniqueKeysWithValues: try read().events.map { ($0.sourceID, $0) })
        XCTAssertEqual(events["2001"]?.details["topics"], .array([.string("flooding")]), "'flooded' and '#flood'")
        XCTAssertNil(events["2002"]?.details["topics"], "floodlights are excluded")
        XCTAssertEqual(events["2002"]?.details["unmatched"], .bool(true))
        XCTAssertEqual(events["5551_777"]?.details["unmatched"], .bool(true))
        XCTAssertEqual(events["Ugx-harbour-1"]?.details["topics"], .array([.string("roads")]))
    }

    func testAMentionAddressedToACouncilAccountIsInboundAndKeepsTheTweetsID() throws {
        let events = Dictionary(uniqueKeysWithValues: try read().events.map { ($0.sourceID, $0) })
        let addressed = try XCTUnwrap(events["2003"])
        XCTAssertEqual(addressed.kind, .inboundMessage)
        XCTAssertEqual(addressed.account, "harbourside_twitter")
        XCTAssertEqual(addressed.details["topics"], .array([.string("flooding")]), "the phrase 'road closed'")
        XCTAssertEqual(addressed.eventID, EventID.derive(platform: "twitter", sourceType: "tweet", sourceID: "2003"),
                       "the same tweet from the Twitter reader is the same event")
        XCTAssertEqual(events["2001"]?.kind, .mention)
        XCTAssertEqual(events["2001"]?.occurredAt, PlatformTimestamp.parse("2026-11-21T07:15:00Z"))
        XCTAssertEqual(events["5551_777"]?.channel, "facebook")
    }
}
