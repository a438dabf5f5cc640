import CivicPulseCore
import Foundation
import Postgres
import XCTest

/// `civicpulse forget` reaches the files fetch and serve archived (Fixtures/archive-forget: two
/// v2 pages and an X Account Activity delivery). Read as raw bytes, no file holds the resident's
/// user id, handle, text, links or name after it; the other residents' records and the council's
/// keep every field but the forgotten id or handle; the files still ingest, giving the same
/// figures, and joining nothing back to the resident. `privacy reapply` does it again to an
/// archive restored from before.
final class ArchiveForgetTests: PrivacyCommandTestCase {
    private let userID = "200001"
    private let week = ["--from", "2026-11-16", "--to", "2026-11-22"]
    /// What the resident wrote, linked to and is called, as the fixture has it.
    private let theirs = ["200001", "mill_lane_mo", "streetlight outside 4 Mill Lane", "still dark on Mill Lane", "t.co/mill", "t.co/dark",
                          "photos.example", "Mo from Mill Lane", "Mill Lane, Harbourside"]

    private var archive: URL { folder.appendingPathComponent("archive") }

    /// Copies the fixture archive to `<home>/archive`, where fetch and serve write by default.
    private func restoreArchive() throws {
        try? FileManager.default.removeItem(at: archive)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Fixtures.path("archive-forget")), to: archive)
    }

    /// Every archived file's bytes, by path below the archive.
    private func archived() throws -> [String: Data] {
        let walk = FileManager.default.enumerator(at: archive, includingPropertiesForKeys: nil)!
        var files: [String: Data] = [:]
        for case let url as URL in walk where !url.hasDirectoryPath {
            files[String(url.path.dropFirst(archive.path.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }

    private func assertNothingOfTheirs(file: StaticString = #filePath, line: UInt = #line) throws {
        for (name, data) in try archived() {
            let text = String(decoding: data, as: UTF8.self).lowercased()
            for secret in theirs { XCTAssertFalse(text.contains(secret.lowercased()), "\(name) still holds \(secret)", file: file, line: line) }
        }
    }

    private func figures() throws -> [String] {
        try ["dashboard", "sla", "reach"].map { try succeeds([$0, "-q", "--format", "json"] + week) }
    }

    private func record(_ id: String, in data: Data, under key: String) throws -> [String: Any] {
        let page = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (page[key] as! [[String: Any]]).first { ($0["id_str"] as? String ?? $0["id"] as? String) == id }!
    }

    func testForgetRewritesTheArchiveWithoutTheResidentAndItStillIngestsToTheSameFigures() throws {
        try restoreArchive()
        let original = try archived()
        XCTAssertEqual(try cli(["ingest", "-q", archive.path]).status, 0)
        _ = try succeeds(["process", "-q"])
        let connection = try database.connect()
        // Every figure stays; only the links of the erased messages are gone from the lists.
        let links = try residentLinks(on: connection, sources: ["3001", "2030000000000000301"])
        let figuresBefore = try figures().map { report in links.reduce(report) { $0.replacingOccurrences(of: "\"\($1)\"", with: "null") } }

        let line = try succeeds(["forget", "-q", "--platform", "twitter", "--user-id", userID])
        XCTAssertEqual(line, "forgot 2 messages of 1 resident; 3 archive files rewritten\n")
        try assertNothingOfTheirs()
        let after = try archived()
        XCTAssertEqual(Set(after.keys), Set(original.keys), "no file added or lost, no temporary file left")
        XCTAssertEqual(try connection.query("SELECT archive_files FROM privacy.erasures WHERE scope = 'resident'").map { try $0.decode(Int.self, 0) }, [3])

        // Their own tweet keeps what places it, and nothing else.
        let mentions = "twitter/harbourside_twitter/2026-11-16/2026-11-16T12-00-00Z-mentions-1.json"
        let own = try record("3001", in: after[mentions]!, under: "data")
        XCTAssertEqual(own["text"] as? String, "")
        XCTAssertEqual(own["created_at"] as? String, "2026-11-16T09:00:00.000Z")
        XCTAssertEqual(own["in_reply_to_user_id"] as? String, "900000000000000001", "the council's id stays")
        let standIn = try XCTUnwrap(own["author_id"] as? String)
        XCTAssertEqual(standIn.count, userID.count)
        XCTAssertNotEqual(standIn, userID)
        // Another resident's reply keeps every field, the forgotten id and handle swapped for the same stand-ins.
        let reply = try record("3003", in: after[mentions]!, under: "data")
        let standInHandle = try XCTUnwrap(((reply["entities"] as! [String: Any])["mentions"] as! [[String: Any]])[0]["username"] as? String)
        let expected = String(decoding: try JSONSerialization.data(withJSONObject: try record("3003", in: original[mentions]!, under: "data"), options: .sortedKeys), as: UTF8.self)
            .replacingOccurrences(of: userID, with: standIn).replacingOccurrences(of: "Mill_Lane_Mo", with: standInHandle)
        XCTAssertEqual(String(decoding: try JSONSerialization.data(withJSONObject: reply, options: .sortedKeys), as: UTF8.self), expected)
        XCTAssertTrue(String(decoding: after[mentions]!, as: UTF8.self).contains(#"{"id": "200002", "name": "Quay Street Kim", "username": "quay_kim"}"#),
                      "an untouched record keeps its very bytes")
        // The delivery's numeric ids stay numbers of the same length; the other resident's tweet keeps its text.
        let delivery = String(decoding: after["twitter/webhooks/2026-11-17/2026-11-17T08-00-05Z-webhook-1.json"]!, as: UTF8.self)
        XCTAssertTrue(delivery.contains(#""user":{"id":\#(standIn),"id_str":"\#(standIn)","name":"","screen_name":"\#(standInHandle)","location":""}"#), delivery)
        XCTAssertTrue(delivery.contains(#""text":"@HarboursideCC @\#(standInHandle) same on Dock Lane""#), delivery)

        // The files still ingest: nothing quarantined, the same figures, and the resident is not linked again.
        let figuresAfterForget = try figures()
        XCTAssertEqual(figuresAfterForget, figuresBefore)
        let again = try cli(["ingest", archive.path])
        XCTAssertEqual(again.status, 0, again.out + again.err)
        _ = try succeeds(["process", "-q"])
        XCTAssertEqual(try figures(), figuresAfterForget)
        XCTAssertEqual(try succeeds(["resident", "export", "-q", "--platform", "twitter", "--user-id", userID]),
                       "no resident is known as twitter user '200001' here: nothing is held\n")
        XCTAssertEqual(try succeeds(["resident", "export", "-q", "--platform", "twitter", "--handle", "mill_lane_mo"]),
                       "no resident is known as twitter handle '@mill_lane_mo' here: nothing is held\n")
    }

    /// An archive restored from a backup taken before the erasure is rewritten by `reapply`,
    /// which finds the resident's records by the events the register lists; a second run finds
    /// nothing left to do.
    func testReapplyTakesTheResidentOutOfARestoredArchive() throws {
        try restoreArchive()
        XCTAssertEqual(try cli(["ingest", "-q", archive.path]).status, 0)
        _ = try succeeds(["process", "-q"])
        _ = try succeeds(["forget", "-q", "--platform", "twitter", "--user-id", userID])
        try restoreArchive()

        XCTAssertEqual(try succeeds(["privacy", "reapply", "-q"]), "erased again 0 messages of 0 residents; 3 archive files rewritten\n")
        try assertNothingOfTheirs()
        XCTAssertEqual(try succeeds(["privacy", "reapply", "-q"]), "erased again 0 messages of 0 residents\n")
        XCTAssertEqual(try database.connect().query("SELECT archive_files FROM privacy.erasures WHERE reapplied").map { try $0.decode(Int.self, 0) }, [3])
    }

    /// A Facebook comment's edit (a Page webhook change whose id is `comment_id:edited@time`) and
    /// a Messenger message's edit (`message_edit`, known by its `mid`) lose their text too; an X
    /// file naming the same number, someone else's there, keeps every byte.
    func testForgetTakesTheTextOutOfFacebookAndMessengerEdits() throws {
        try? FileManager.default.removeItem(at: archive)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Fixtures.path("archive-forget-facebook")), to: archive)
        XCTAssertEqual(try cli(["ingest", "-q", archive.path]).status, 0)
        _ = try succeeds(["process", "-q"])

        let tweet = "twitter/harbourside_twitter/2026-11-17/2026-11-17T12-00-00Z-mentions-1.json"
        let original = try archived()[tweet]

        _ = try succeeds(["forget", "-q", "--platform", "facebook", "--user-id", "5100000000000091"])
        _ = try succeeds(["forget", "-q", "--platform", "facebook", "--user-id", "6200000000000091"])
        XCTAssertEqual(try archived()[tweet], original, "an X user with the same number as the Facebook resident is someone else")
        let text = String(decoding: try archived()["facebook/webhooks/2026-11-17/2026-11-17T08-10-00Z-webhook-1.json"]!, as: UTF8.self)
        for secret in ["Ferry Road", "Jo Ferry", "5100000000000091", "card number 88", "Quay", "6200000000000091"] {
            XCTAssertFalse(text.contains(secret), "the delivery still holds \(secret): \(text)")
        }
        XCTAssertTrue(text.contains(#""mid":"m_lib_0091""#) && text.contains(#""comment_id":"410000000000001_510000000000001""#),
                      "the messages keep the ids that place them: \(text)")
    }
}
