import CivicPulseCore
import Foundation
import XCTest
@testable import CivicPulseIngest

/// No record is dropped without a trace: every record read gives events or is quarantined with a
/// reason, so the counts add up, for every fixture and for payloads malformed in every way a
/// reader used to skip silently.
final class RecordAccountingTests: XCTestCase {
    private let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    /// The reader and source for a fixture, by its folder (and, for Twitter, its API version).
    private func reader(for folder: String, name: String) throws -> (PayloadReader, IngestSource) {
        switch folder {
        case "twitter": (try TwitterFixtures.reader(), name.hasPrefix("v1-") ? .twitterV1 : name.hasPrefix("aa-") ? .twitterActivity : .twitter)
        case "facebook": (try FacebookFixtures.reader(), .facebook)
        case "youtube": (try YouTubeFixtures.reader(), .youtube)
        default: (try TwitterFixtures.reader(), .listening)
        }
    }

    func testEveryFixtureAccountsForEveryRecord() throws {
        var checked = 0
        for folder in ["twitter", "facebook", "youtube", "listening"] {
            let directory = fixtures.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
                let (reader, source) = try reader(for: folder, name: name)
                let batch = try reader.read(data: Data(contentsOf: directory.appendingPathComponent(name)), file: "\(folder)/\(name)",
                                            observedAt: TwitterFixtures.observedAt, as: source)
                assertEveryRecordAccountedFor(batch)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 40, "the fixtures were found")
    }

    /// Every fixture with one of its values at a time swapped for `null`, a string, an empty list
    /// or an empty object, as a fuzzer would: never a crash, and every record still accounted for.
    func testEveryFixtureWithAnyValueSwappedStillAccountsForEveryRecord() throws {
        let replacements: [JSONValue] = [.null, .string("x"), .array([]), .object([:]), .number(1e300)]
        var variants = 0
        for folder in ["twitter", "facebook", "youtube"] {
            let directory = fixtures.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where name.hasSuffix(".json") {
                let (reader, source) = try reader(for: folder, name: name)
                let document = try JSONValue.parse(Data(contentsOf: directory.appendingPathComponent(name)))
                for (index, path) in document.paths().enumerated() {
                    let mutated = document.replacing(at: path, with: replacements[index % replacements.count])
                    let batch = try reader.read(data: Data(mutated.jsonText.utf8), file: "\(folder)/\(name) at \(path)",
                                                observedAt: TwitterFixtures.observedAt, as: source)
                    assertEveryRecordAccountedFor(batch)
                    variants += 1
                }
            }
        }
        XCTAssertGreaterThan(variants, 1_500)
    }

    /// Fuzzed webhook deliveries were read as nothing at all ("read 0; quarantined 0"): an entry
    /// that is not an object, `changes` that is not a list, a `null` change, a change without a
    /// field, a value or an item, Messenger events that are not objects.
    func testMalformedWebhookEntriesAndChangesAreQuarantinedNotSkipped() throws {
        let batch = try FacebookFixtures.read("webhooks-malformed.jsonl")
        XCTAssertEqual(batch.recordsRead, 10, "the ratings change is ignored, as a field CivicPulse does not read")
        XCTAssertEqual(batch.events.map(\.sourceID), ["200000000000001_300000000000001"])
        XCTAssertEqual(batch.rejections.map { "\($0.recordPath) \($0.field)" }, [
            "line 1 entry[0] (record)",
            "line 2 entry[0] changes",
            "line 3 entry[0].changes[0] (record)",
            "line 4 entry[0].changes[0] field",
            "line 5 entry[0].changes[0] value",
            "line 6 entry[0].changes[0] value.item",
            "line 7 entry[0].messaging[0] (record)",
            "line 8 entry[0] changes",
            "line 10 entry[0].changes[0] created_time",
        ])
        XCTAssertTrue(batch.recognisedAs.hasSuffix("JSON Lines"), batch.recognisedAs)
    }

    /// Comments nested in a post whose `data` is not a list were read as no comments.
    func testANestedConnectionThatIsNotAListIsQuarantined() throws {
        let batch = try FacebookFixtures.read(json: """
            {"data":[{"id":"110000000000001_200000000000001","created_time":"2026-03-01T10:00:00+0000","message":"Bin day moves",
                      "comments":{"data":{"id":"200000000000001_300000000000001"}}}],"paging":{}}
            """)
        XCTAssertEqual(batch.events.map(\.sourceID), ["110000000000001_200000000000001"])
        XCTAssertEqual(batch.rejections.map { "\($0.recordPath) \($0.field)" }, ["data[0].comments.data comments.data"])
    }

    /// `videos.list` items with a `null` snippet, with no count in their statistics, or that are
    /// not objects were counted as read and then vanished; one with neither statistics nor an org
    /// channel holds nothing to ingest and is counted as ignored, as the description says.
    func testVideoItemsThatGiveNothingAreQuarantinedWithTheReason() throws {
        let batch = try YouTubeFixtures.read("videos-malformed.json")
        XCTAssertEqual(batch.recordsRead, 4)
        XCTAssertEqual(batch.recognisedAs, "YouTube videos.list response (5 items); ignored: 1 without statistics, of channels not the org's")
        XCTAssertEqual(batch.events.map(\.sourceID), ["VidNoChanStats:view_count=5"])
        XCTAssertEqual(batch.events.first?.account, "unknown", "no channelId: the video's numbers are kept, unattributed")
        XCTAssertEqual(batch.rejections.map { "\($0.recordPath) \($0.field)" }, [
            "items[0] snippet", "items[3] (record)", "items[4] (record)",
        ])
        XCTAssertEqual(batch.rejections.first?.reason, "expected an object, got null")
    }

    /// A v2 page whose first element is not a tweet was taken for something else, and all its tweets were lost.
    func testAPageOfTweetsWithAnOddFirstElementKeepsItsTweets() throws {
        let batch = try TwitterFixtures.read(json: """
            {"data":[null,{"id":"1861000000000000201","text":"Bins again","author_id":"1500000000000000011","created_at":"2026-03-02T09:00:00.000Z"}],
             "meta":{"result_count":2}}
            """)
        XCTAssertEqual(batch.recordsRead, 2)
        XCTAssertEqual(batch.events.map(\.sourceID), ["1861000000000000201"])
        XCTAssertEqual(batch.rejections.map(\.recordPath), ["data[0]"])

        let odd = try TwitterFixtures.read(json: #"{"data":[7, {"id":"1500000000000000011","username":"ann"}]}"#, as: .twitter)
        XCTAssertEqual(odd.rejections.map { "\($0.recordPath) \($0.field)" }, ["data[0] (record)", "data[1] text"],
                       "named as Twitter, data that holds no tweet is still read record by record")

        let included = try TwitterFixtures.read(json: """
            {"data":[{"id":"1861000000000000202","text":"Bins","author_id":"1500000000000000011","created_at":"2026-03-02T09:00:00.000Z"}],
             "includes":{"tweets":{"id":"1861000000000000203"}}}
            """)
        XCTAssertEqual(included.rejections.map { "\($0.recordPath) \($0.field)" }, ["includes.tweets includes.tweets"])
        let both = try TwitterFixtures.read(json: #"{"data":[{"id":"1","text":"no time"}],"includes":{"tweets":7}}"#)
        XCTAssertEqual(both.rejections.map(\.recordIndex), [0, 1], "each record quarantined under an index of its own")
    }
}

private extension JSONValue {
    /// The path of every value inside this one (not itself), as member names and element indexes.
    func paths() -> [[JSONPathStep]] {
        switch self {
        case .object(let members):
            members.keys.sorted().flatMap { key in [[.member(key)]] + members[key]!.paths().map { [.member(key)] + $0 } }
        case .array(let elements):
            elements.indices.flatMap { index in [[.element(index)]] + elements[index].paths().map { [.element(index)] + $0 } }
        default: []
        }
    }

    /// This value with the one at `path` replaced by `value`.
    func replacing(at path: some Collection<JSONPathStep>, with value: JSONValue) -> JSONValue {
        guard let step = path.first else { return value }
        switch (self, step) {
        case (.object(var members), .member(let key)):
            members[key] = members[key]?.replacing(at: path.dropFirst(), with: value)
            return .object(members)
        case (.array(var elements), .element(let index)):
            elements[index] = elements[index].replacing(at: path.dropFirst(), with: value)
            return .array(elements)
        default: return self
        }
    }
}

private enum JSONPathStep: CustomStringConvertible {
    case member(String)
    case element(Int)

    var description: String {
        switch self {
        case .member(let key): ".\(key)"
        case .element(let index): "[\(index)]"
        }
    }
}
