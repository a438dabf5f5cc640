import CivicPulseCore
import CivicPulseSimulator
import XCTest

/// Output is streamed into files of bounded size, however long the run.
final class FileSizeTests: XCTestCase {
    func testPagesAndLogsAreSplitAtTheirLimits() throws {
        let simulation = try Simulations.week(label: "small-pages") { options in
            options.tweetsPerPage = 100
            options.objectsPerPage = 20
            options.linesPerFile = 300
        }
        let twitter = simulation.files(under: "twitter")
        XCTAssertGreaterThan(twitter.count, 10)
        for path in twitter {
            let page = try simulation.json(path)
            let count = try XCTUnwrap(page["data"]?.arrayValue).count
            XCTAssertEqual(page["meta"]?["result_count"]?.doubleValue, Double(count))
            XCTAssertLessThanOrEqual(count, 100 + 5, "a page holds its size plus a few tweets repeated from the page before")
            XCTAssertEqual(page["meta"]?["next_token"] == nil, path == twitter.last, "only the last page has no next_token")
        }
        for path in simulation.files(under: "listening") + simulation.files(under: "facebook/webhooks") {
            XCTAssertLessThanOrEqual(simulation.lines(path).count, 300, path)
        }
        XCTAssertGreaterThan(simulation.files(under: "listening").count, 3)
        for path in simulation.files(under: "youtube/comment-threads") + simulation.files(under: "facebook/comments") {
            let page = try simulation.json(path)
            XCTAssertLessThanOrEqual((page["items"] ?? page["data"])!.arrayValue!.count, 20 + 3, path)
        }
    }

    func testTweetIDsAreSnowflakesOfTheirTimes() throws {
        let simulation = try Simulations.week()
        let page = try simulation.json("twitter/search-000001.json")
        for tweet in try XCTUnwrap(page["data"]?.arrayValue) {
            guard let created = tweet["created_at"].flatMap(PlatformTimestamp.parse) else { continue }
            let id = try XCTUnwrap(UInt64(tweet["id"]!.stringValue!))
            let millis = Double(id >> 22) + 1_288_834_974_657
            XCTAssertEqual(millis / 1000, created.timeIntervalSince1970, accuracy: 0.001)
        }
    }
}
