import Foundation
import Postgres
import XCTest

/// `--handle` for `resident export` and `forget` (issue 22): the log keeps no handle, so ingest
/// links each resident's handle (keyed hash) to their user id's in `privacy.handles`; a handle
/// leads to whoever last wrote under it, and forgetting a resident drops their handles.
final class ResidentHandleTests: PrivacyCommandTestCase {
    /// A Twitter v2 page of one tweet by `userID` writing as `handle`.
    private func ingestTweet(_ id: String, by userID: String, as handle: String, at time: String, text: String) throws {
        let page: [String: Any] = [
            "data": [["id": id, "text": text, "author_id": userID, "created_at": time, "conversation_id": id,
                      "entities": ["mentions": [["start": 0, "end": 14, "username": "HarboursideCC", "id": "900000000000000001"]]]]],
            "includes": ["users": [["id": userID, "name": "Someone", "username": handle]]],
            "meta": ["result_count": 1],
        ]
        let file = folder.appendingPathComponent("tweet-\(id).json")
        try JSONSerialization.data(withJSONObject: page).write(to: file)
        XCTAssertEqual(try cli(["ingest", "-q", file.path]).status, 0)
    }

    private func exportedIDs(_ resident: [String]) throws -> [String] {
        let out = try succeeds(["resident", "export", "-q", "--platform", "twitter"] + resident)
        let record = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        return (record["messages"] as! [[String: Any]]).map { $0["message_id"] as! String }
    }

    func testAHandleFindsTheResidentInAnyCaseAndForgetDropsIt() throws {
        try ingestWeek()
        XCTAssertEqual(try exportedIDs(["--handle", "Resident_One"]), ["1001", "1009"])
        XCTAssertEqual(try exportedIDs(["--handle", "@resident_one"]), try exportedIDs(["--user-id", "100001"]))
        let handles = "SELECT count(*) FROM privacy.handles"
        let before = try database.connect().query(Query(unsafeSQL: handles))[0].decode(Int.self, 0)
        XCTAssertEqual(before, 3, "residents 1, 2 and 3 wrote under their handles; the council's accounts are not residents")

        XCTAssertEqual(try succeeds(["forget", "-q", "--platform", "twitter", "--handle", "@RESIDENT_ONE"]),
                       "forgot 2 messages of 1 resident\n")
        XCTAssertEqual(try database.connect().query(Query(unsafeSQL: handles))[0].decode(Int.self, 0), 2, "the forgotten resident's handle is gone")
        XCTAssertEqual(try succeeds(["resident", "export", "-q", "--platform", "twitter", "--handle", "resident_one"]),
                       "no resident is known as twitter handle '@resident_one' here: nothing is held\n")
        XCTAssertEqual(try succeeds(["forget", "-q", "--platform", "twitter", "--handle", "resident_one"]),
                       "no resident is known as twitter handle '@resident_one' here: nothing to forget\n")
    }

    /// A handle given up and taken by another account leads to the new holder, whichever file
    /// is ingested first; the old holder is still found by user id.
    func testAHandleLeadsToWhoeverLastWroteUnderIt() throws {
        try ingestTweet("3002", by: "100009", as: "bin_watcher", at: "2026-11-20T09:00:00.000Z", text: "@HarboursideCC the new holder")
        try ingestTweet("3001", by: "100008", as: "Bin_Watcher", at: "2026-11-16T09:00:00.000Z", text: "@HarboursideCC the old holder")
        XCTAssertEqual(try exportedIDs(["--handle", "bin_watcher"]), ["3002"])
        XCTAssertEqual(try exportedIDs(["--user-id", "100008"]), ["3001"])
    }

    func testExactlyOneOfUserIDAndHandle() throws {
        for arguments in [["--user-id", "100001", "--handle", "resident_one"], []] {
            for command in [["resident", "export"], ["forget"]] {
                let result = try cli(command + ["-q", "--platform", "twitter"] + arguments)
                XCTAssertEqual(result.status, 64, "\(command) \(arguments)")
                XCTAssertEqual(result.err, "Error: name the resident by exactly one of --user-id and --handle\n")
            }
        }
        let empty = try cli(["forget", "-q", "--platform", "twitter", "--handle", "@"])
        XCTAssertEqual(empty.status, 64)
        XCTAssertEqual(empty.err, "Error: --handle must name something (got '')\n")
    }

    /// Facebook and YouTube payloads give a name, not a handle (docs/privacy.md, "Handles"):
    /// `--handle` there is refused with one line saying what to give instead, before anything is
    /// read or registered, where it used to answer that nobody was known by it.
    func testAHandleIsRefusedWhereThePlatformGivesNone() throws {
        let expected = [
            "facebook": "--handle works for twitter only: Facebook gives a resident's name, not a handle, and names are not unique; name them with --user-id (from.id of their comment)",
            "youtube": "--handle works for twitter only: YouTube comments carry a display name, not the channel's @handle; name the resident with --user-id and their channel id (UC…, authorChannelId of their comment)",
            "webchat": "--handle works for twitter only: 'webchat' gives no handle ingest links to a user id; name the resident with --user-id",
        ]
        for (platform, line) in expected {
            for command in [["resident", "export"], ["forget"]] {
                let result = try cli(command + ["-q", "--platform", platform, "--handle", "Ann Quayle"])
                XCTAssertEqual(result.status, 64, "\(command) \(platform)")
                XCTAssertEqual(result.err, "Error: \(line)\n")
                XCTAssertEqual(result.out, "")
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("erasures.jsonl").path))
    }
}
