import Foundation
@testable import CivicPulseIngest
import XCTest

/// Statistics read from disk are dated by the time in the file's name, which survives a clone,
/// and by the modification time only when the name has none.
final class FetchTimeTests: XCTestCase {
    typealias F = YouTubeFixtures

    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("fetch-time-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: folder)
    }

    /// Writes the videos fixture as `name` with the modification time a fresh checkout gives it.
    private func cloned(_ name: String, modified: Date) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try F.data("videos-statistics.json").write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        return path
    }

    private func viewsReadAt(_ path: String) throws -> Date? {
        F.event(try F.reader().read(file: path), "Bins2026abc:view_count=1520")?.occurredAt
    }

    func testAClonedFileIsDatedByTheTimeInItsNameNotWhenItWasCloned() throws {
        let clonedAt = F.date("2026-12-03T08:29:17Z")
        XCTAssertEqual(try viewsReadAt(cloned("videos-2026-03-05T10-00Z.json", modified: clonedAt)), F.date("2026-03-05T10:00:00Z"))
        XCTAssertEqual(try viewsReadAt(cloned("videos-2026-03-06T10-15-30Z-2.json", modified: clonedAt)), F.date("2026-03-06T10:15:30Z"))
        XCTAssertEqual(try viewsReadAt(cloned("videos-2026-03-07T10:00:00Z.json", modified: clonedAt)), F.date("2026-03-07T10:00:00Z"))
    }

    func testANameWithoutATimeFallsBackToTheModificationTime() throws {
        let fetched = F.date("2026-03-05T23:00:00Z")
        XCTAssertEqual(try viewsReadAt(cloned("videos-2026-03-05.json", modified: fetched)), fetched, "a date alone says no time of day")
    }

    func testOnlyTheFileNameCountsAndItsLastTimeWins() {
        XCTAssertNil(FetchTime.inName(of: "/data/2026-03-05T10-00Z/videos.json"))
        XCTAssertEqual(FetchTime.inName(of: "videos-since-2026-03-01T00-00Z-at-2026-03-05T10-00Z.json"), F.date("2026-03-05T10:00:00Z"))
        XCTAssertNil(FetchTime.inName(of: "videos-2026-13-05T10-00Z.json"), "not a date")
    }
}
