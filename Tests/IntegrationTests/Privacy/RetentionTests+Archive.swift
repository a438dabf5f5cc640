import Foundation
import XCTest

/// `retention apply` takes the messages it makes unreadable out of the fetch/serve archive too
/// (docs/privacy.md, "Retention"): their records keep their ids and times, their words go, and
/// everything else in the file (the council's replies, other ids) stays; the file still ingests.
extension RetentionTests {
    func testRetentionRewritesTheArchivedRecordsOfWhatItMadeUnreadable() throws {
        try pipeline(retention: "1 day")
        let archived = folder.appendingPathComponent("archive/twitter/search-20261123T000000Z.json")
        try FileManager.default.createDirectory(at: archived.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Fixtures.path("harbourside-tweets.json")), to: archived)
        XCTAssertEqual(try cli(["ingest", "-q", archived.path]).status, 3, "tweet 1010 is quarantined")
        _ = try succeeds(["process", "-q"])
        let council = "logged it and the crew will return tomorrow"
        XCTAssertTrue(try String(contentsOf: archived, encoding: .utf8).contains(council))

        let applied = try succeeds(["retention", "apply", "-q"])
        XCTAssertTrue(applied.hasPrefix("retention (message_text 1 day): made 7 messages sent before ") && applied.hasSuffix(" unreadable; 1 archive file rewritten\n"), applied)
        let page = try String(contentsOf: archived, encoding: .utf8)
        for text in try weekTexts() {
            XCTAssertFalse(page.contains(text), "still in the archive past retention: \(text)")
        }
        XCTAssertTrue(page.contains(council), "the council's own reply stays")
        XCTAssertTrue(page.contains("\"1001\"") && page.contains("\"100001\""), "ids stay: the file still places every message")

        let again = try cli(["ingest", "-q", archived.path])
        XCTAssertTrue(again.out.contains("0 events appended, 10 already in the log"), again.out)
        let second = try succeeds(["retention", "apply", "-q"])
        XCTAssertTrue(second.hasSuffix(" is still readable; nothing to do\n"), second)
    }
}
