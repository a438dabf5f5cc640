import CivicPulsePrivacy
import Foundation
import Postgres
import XCTest

/// Reports list an item's platform id and link from the log (`MessageLinks`), opened with the
/// message's key: no projection holds a link (migration 156), an erasure leaves the item listed
/// with its id and without its link, and a message a later reading corrected is listed with the
/// link of its latest correction, as the processor reads it.
final class MessageLinksTests: PrivacyCommandTestCase {
    private let week = ["--from", "2026-11-16", "--to", "2026-11-22"]

    private func itemOpenedBy(_ sourceID: String, on connection: Connection) throws -> UUID {
        try connection.query("""
            SELECT i.item_id FROM projections.response_items i JOIN civicpulse.events e ON e.event_id = i.item_id
            WHERE e.source_id = \(sourceID)
            """)[0].decode(UUID.self, 0)
    }

    func testAnItemsLinkComesFromTheLogAndGoesWithItsKey() throws {
        try ingestWeek()
        let connection = try database.connect()
        XCTAssertEqual(try connection.query("""
            SELECT count(*) FROM information_schema.columns WHERE table_schema = 'projections' AND column_name = 'url'
            """)[0].decode(Int.self, 0), 0, "no projection keeps a link")
        let item = try itemOpenedBy("1001", on: connection)
        let link = try XCTUnwrap(try MessageLinks.of([item], on: connection)[item])
        XCTAssertEqual(link.sourceID, "1001")
        let url = try XCTUnwrap(link.url, "the resident's link, opened with the message's key")
        XCTAssertTrue(url.hasPrefix("https://x.com/") && url.hasSuffix("/status/1001"), url)
        XCTAssertFalse(try everyRow(in: database.name).contains(url), "stored sealed, nowhere in plain text")
        XCTAssertTrue(try succeeds(["export", "items"] + week).contains(url), "the export lists the item with its link")

        XCTAssertEqual(try succeeds(["forget", "-q", "--platform", "twitter", "--user-id", "100001"]), "forgot 2 messages of 1 resident\n")
        XCTAssertEqual(try MessageLinks.of([item], on: connection)[item], MessageLink(sourceID: "1001", url: nil),
                       "listed still, by its platform id, without its link")
        let after = try succeeds(["export", "items"] + week)
        XCTAssertTrue(after.contains(",1001,") && !after.contains("status/1001"), after)
    }

    func testACorrectedMessageIsListedWithItsLatestCorrectionsLink() throws {
        // comments.list does not name a comment's video, so its link is unknown until
        // commentThreads reads it again: the link comes in a correction (Fixtures/README.md).
        for file in ["youtube-comments-list-same-thread.json", "youtube-comment-threads-council-video.json"] {
            _ = try succeeds(["ingest", "-q", Fixtures.path(file)])
        }
        let connection = try database.connect()
        let corrected = try connection.query("""
            SELECT e.event_id, e.source_id FROM civicpulse.events e
            WHERE e.kind = 'comment' AND e.url IS NULL
              AND EXISTS (SELECT 1 FROM civicpulse.events c WHERE c.kind = 'correction' AND c.details ->> 'corrects' = e.event_id::text
                          AND c.url IS NOT NULL)
            """).map { (try $0.decode(UUID.self, 0), try $0.decode(String.self, 1)) }
        XCTAssertFalse(corrected.isEmpty, "a comment first logged without its link, which a correction gave")
        let links = try MessageLinks.of(corrected.map(\.0), on: connection)
        for (eventID, sourceID) in corrected {
            let link = try XCTUnwrap(links[eventID])
            XCTAssertEqual(link.sourceID, sourceID)
            let url = try XCTUnwrap(link.url, "the correction's link")
            XCTAssertTrue(url.hasPrefix("https://www.youtube.com/watch?v=") && url.hasSuffix("&lc=\(sourceID)"), url)
        }
    }
}
