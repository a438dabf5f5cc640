import CivicPulseCore
import CivicPulseIngest
import CivicPulseSimulator
import XCTest

/// Facebook, YouTube and listening files in their documented shapes, with exactly the
/// injected defects. (Their readers are being written on other branches; until they land
/// these files are checked as JSON, field by field.)
final class PayloadShapeTests: XCTestCase {
    private func time(_ value: JSONValue?) -> Date? {
        value.flatMap(PlatformTimestamp.parse)
    }

    func testGraphCommentPagesHaveCommentsRepliesAndCursors() throws {
        let simulation = try Simulations.week()
        var occurrences: [String: Int] = [:]
        var missingTime = 0, replies = 0
        let paths = simulation.files(under: "facebook/comments")
        XCTAssertFalse(paths.isEmpty)
        for path in paths {
            let page = try simulation.json(path)
            XCTAssertNotNil(page["paging"]?["cursors"]?["after"]?.stringValue, path)
            let postNumber = String(path.split(separator: "/").last!.split(separator: "_")[1].split(separator: "-")[0])
            for comment in try XCTUnwrap(page["data"]?.arrayValue, path) {
                let id = try XCTUnwrap(comment["id"]?.stringValue)
                XCTAssertTrue(id.hasPrefix(postNumber + "_"), "\(id) is <post>_<comment>")
                XCTAssertNotNil(comment["from"]?["id"]?.stringValue)
                XCTAssertNotNil(comment["from"]?["name"]?.stringValue)
                XCTAssertNotNil(comment["message"]?.stringValue)
                if let created = comment["created_time"] {
                    XCTAssertTrue(created.stringValue!.hasSuffix("+0000"))
                    XCTAssertNotNil(time(created))
                } else {
                    missingTime += 1
                }
                if let parent = comment["parent"]?["id"]?.stringValue {
                    replies += 1
                    XCTAssertTrue(parent.hasPrefix(postNumber + "_"))
                }
                occurrences[id, default: 0] += 1
            }
        }
        XCTAssertEqual(missingTime, simulation.malformed("facebook", "graph comment"))
        XCTAssertEqual(occurrences.count - missingTime, simulation.recorded("facebook", "graph comment").values.reduce(0, +))
        XCTAssertEqual(occurrences.values.reduce(0, +) - occurrences.count, simulation.duplicates("facebook", "graph comment"))
        XCTAssertGreaterThan(replies, 50)
    }

    func testWebhookLogHasFeedChangesAndMessengerEventsAndOnlyTheInjectedBrokenLines() throws {
        let simulation = try Simulations.week()
        var broken = 0, feed = 0, messaging = 0, lines = 0
        for path in simulation.files(under: "facebook/webhooks") {
            XCTAssertTrue(path.hasSuffix(".jsonl"))
            for line in simulation.lines(path) {
                lines += 1
                guard let delivery = try? JSONValue.parse(Data(line.utf8)) else {
                    broken += 1
                    continue
                }
                XCTAssertEqual(delivery["object"]?.stringValue, "page")
                let entry = try XCTUnwrap(delivery["entry"]?.arrayValue?.first)
                XCTAssertTrue(ResidentMessages.pageIDs.contains(try XCTUnwrap(entry["id"]?.stringValue)))
                XCTAssertNotNil(entry["time"]?.doubleValue)
                if let value = entry["changes"]?.arrayValue?.first?["value"] {
                    feed += 1
                    XCTAssertEqual(entry["changes"]?.arrayValue?.first?["field"]?.stringValue, "feed")
                    XCTAssertEqual(value["verb"]?.stringValue, "add")
                    XCTAssertNotNil(value["post_id"]?.stringValue)
                    XCTAssertNotNil(value["from"]?["id"]?.stringValue)
                    XCTAssertNotNil(time(value["created_time"]))
                    if value["item"]?.stringValue == "comment" {
                        XCTAssertNotNil(value["comment_id"]?.stringValue)
                        XCTAssertNotNil(value["parent_id"]?.stringValue)
                    } else {
                        XCTAssertEqual(value["item"]?.stringValue, "status")
                    }
                } else {
                    let message = try XCTUnwrap(entry["messaging"]?.arrayValue?.first)
                    messaging += 1
                    XCTAssertNotNil(message["sender"]?["id"]?.stringValue)
                    XCTAssertNotNil(message["recipient"]?["id"]?.stringValue)
                    XCTAssertGreaterThan(message["timestamp"]?.doubleValue ?? 0, 1.7e12, "Messenger timestamps are epoch milliseconds")
                    XCTAssertTrue(message["message"]?["mid"]?.stringValue?.hasPrefix("m_") == true)
                    XCTAssertNotNil(message["message"]?["text"]?.stringValue)
                }
            }
        }
        XCTAssertEqual(broken, simulation.malformed("facebook", "webhook comment") + simulation.malformed("facebook", "webhook post")
            + simulation.malformed("facebook", "messenger message"))
        let recorded = ["webhook comment", "webhook post", "messenger message"].map { simulation.recorded("facebook", $0).values.reduce(0, +) }.reduce(0, +)
        XCTAssertEqual(lines, recorded + broken + simulation.duplicates("facebook", "webhook delivery"))
        XCTAssertGreaterThan(feed, 40)
        XCTAssertGreaterThan(messaging, 100)
    }

    func testPageInsightsHaveEachMetricByDayAndWeek() throws {
        let simulation = try Simulations.week()
        let paths = simulation.files(under: "facebook/insights")
        XCTAssertEqual(paths.count, 3, "one file per Page for a week")
        for path in paths {
            let series = try XCTUnwrap(try simulation.json(path)["data"]?.arrayValue)
            let names = Set(series.map { "\($0["name"]!.stringValue!)/\($0["period"]!.stringValue!)" })
            XCTAssertEqual(names, ["page_impressions_unique/day", "page_impressions_unique/week", "page_impressions/day", "page_impressions/week",
                                   "page_post_engagements/day", "page_post_engagements/week", "page_follows/day", "page_follows/week"])
            for metric in series {
                let values = try XCTUnwrap(metric["values"]?.arrayValue)
                XCTAssertEqual(values.count, 7)
                XCTAssertEqual(values.first?["end_time"]?.stringValue, "2026-11-17T08:00:00+0000", "Facebook's days end at midnight Pacific")
                XCTAssertTrue(values.allSatisfy { ($0["value"]?.doubleValue ?? -1) >= 0 })
            }
        }
    }

    func testYouTubeThreadsCarryTheOwnersRepliesAndVideosHaveStringStatistics() throws {
        let simulation = try Simulations.week()
        var ownerReplies = 0, threads = 0
        for path in simulation.files(under: "youtube/comment-threads") {
            let page = try simulation.json(path)
            XCTAssertEqual(page["kind"]?.stringValue, "youtube#commentThreadListResponse")
            for thread in try XCTUnwrap(page["items"]?.arrayValue) {
                threads += 1
                let top = try XCTUnwrap(thread["snippet"]?["topLevelComment"]?["snippet"])
                XCTAssertTrue(top["authorChannelId"]?["value"]?.stringValue?.hasPrefix("UC") == true)
                for key in ["authorDisplayName", "textOriginal", "textDisplay", "videoId"] { XCTAssertNotNil(top[key]?.stringValue, key) }
                XCTAssertNotNil(time(top["publishedAt"]))
                XCTAssertNotNil(time(top["updatedAt"]))
                for reply in thread["replies"]?["comments"]?.arrayValue ?? [] {
                    XCTAssertEqual(reply["snippet"]?["parentId"]?.stringValue, thread["id"]?.stringValue)
                    if reply["snippet"]?["authorChannelId"]?["value"]?.stringValue == ResidentMessages.channelID { ownerReplies += 1 }
                }
            }
        }
        XCTAssertGreaterThan(threads, 20)
        XCTAssertGreaterThan(ownerReplies, 10)
        let videoFiles = simulation.files(under: "youtube/videos")
        XCTAssertFalse(videoFiles.isEmpty)
        for path in videoFiles {
            for video in try XCTUnwrap(try simulation.json(path)["items"]?.arrayValue) {
                for key in ["viewCount", "likeCount", "favoriteCount", "commentCount"] {
                    XCTAssertNotNil(video["statistics"]?[key]?.stringValue.flatMap { Int($0) }, "\(key) is a string of digits")
                }
            }
        }
    }

    func testListeningLinesHaveTheSixFieldsAndOnlyTheInjectedBrokenLines() throws {
        let simulation = try Simulations.week()
        var broken = 0, ids: [String: Int] = [:]
        for path in simulation.files(under: "listening") {
            for line in simulation.lines(path) {
                guard let mention = try? JSONValue.parse(Data(line.utf8)) else {
                    broken += 1
                    continue
                }
                XCTAssertEqual(Set(mention.objectValue!.keys), ["platform", "id", "author", "text", "time", "url"])
                XCTAssertNotNil(time(mention["time"]))
                XCTAssertFalse(mention["text"]!.stringValue!.contains("@Harbour"), "listening hits are not addressed to the council")
                ids["\(mention["platform"]!.stringValue!)/\(mention["id"]!.stringValue!)", default: 0] += 1
            }
        }
        XCTAssertEqual(broken, simulation.malformed("listening"))
        XCTAssertEqual(ids.count, simulation.recorded("listening", "mention")["mention"])
        XCTAssertEqual(ids.values.reduce(0, +) - ids.count, simulation.duplicates("listening"))
    }
}
