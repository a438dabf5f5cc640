@testable import CivicPulseFetch
import XCTest

/// The walk's decisions, page by page, without I/O.
final class PageWalkTests: XCTestCase {
    func testTheCursorMovesToTheNewestIDOnlyWhenTheWalkReachesItsEnd() {
        var walk = PageWalk(sinceID: "1000")
        XCTAssertEqual(walk.received(PageMeta(nextToken: "a", newestID: "1500")), .next(token: "a"))
        XCTAssertEqual(walk.pageToken, "a")
        XCTAssertEqual(walk.sinceID, "1000", "every page of the walk asks from the old mark")
        XCTAssertEqual(walk.received(PageMeta(nextToken: "b", newestID: nil)), .next(token: "b"))
        XCTAssertEqual(walk.received(PageMeta(nextToken: nil, newestID: "1200")), .finished(cursor: "1500"))
        XCTAssertEqual(walk.pages, 3)
    }

    func testAnEmptyWalkKeepsTheOldMarkAndAFirstEmptyWalkHasNone() {
        var walk = PageWalk(sinceID: "1000")
        XCTAssertEqual(walk.received(PageMeta(nextToken: nil, newestID: nil)), .finished(cursor: "1000"))
        var first = PageWalk(sinceID: nil)
        XCTAssertEqual(first.received(PageMeta(nextToken: nil, newestID: nil)), .finished(cursor: nil))
    }

    func testIDsCompareAsNumbersNotAsText() {
        // "999" sorts after "1000" as text: the mark would go backwards and fetch everything again.
        var walk = PageWalk(sinceID: "999")
        XCTAssertEqual(walk.received(PageMeta(nextToken: nil, newestID: "1000")), .finished(cursor: "1000"))
        var older = PageWalk(sinceID: "1860000000000000010")
        XCTAssertEqual(older.received(PageMeta(nextToken: nil, newestID: "1860000000000000009")), .finished(cursor: "1860000000000000010"))
    }

    func testARepeatedPaginationTokenStopsTheWalk() {
        var walk = PageWalk(sinceID: nil)
        XCTAssertEqual(walk.received(PageMeta(nextToken: "a", newestID: "5")), .next(token: "a"))
        XCTAssertEqual(walk.received(PageMeta(nextToken: "b", newestID: nil)), .next(token: "b"))
        XCTAssertEqual(walk.received(PageMeta(nextToken: "a", newestID: nil)), .repeatedToken("a"))
    }

    func testAnErrorBodyFailsTheWalkWithoutAMark() {
        var walk = PageWalk(sinceID: "7")
        XCTAssertEqual(walk.received(PageMeta(nextToken: nil, newestID: nil, isError: true)), .failed)
    }

    func testWithoutASinceParameterTheWalkEndsAtThePageWithNothingNewerThanTheMark() {
        // YouTube: every run sends everything, newest first; the mark is a UTC time.
        var walk = PageWalk(sinceID: "2026-11-17T09:00:00Z")
        XCTAssertEqual(walk.received(PageMeta(nextToken: "a", newestID: "2026-11-18T10:00:00Z")), .next(token: "a"))
        XCTAssertEqual(walk.received(PageMeta(nextToken: "b", newestID: "2026-11-17T09:00:00Z")), .finished(cursor: "2026-11-18T10:00:00Z"),
                       "a page with nothing newer than the mark is the last one asked for")
        var nothingNew = PageWalk(sinceID: "2026-11-17T09:00:00Z")
        XCTAssertEqual(nothingNew.received(PageMeta(nextToken: "a", newestID: "2026-11-16T23:59:59Z")), .finished(cursor: "2026-11-17T09:00:00Z"))
        var first = PageWalk(sinceID: nil)
        XCTAssertEqual(first.received(PageMeta(nextToken: "a", newestID: "2026-11-16T23:59:59Z")), .next(token: "a"), "no mark: the whole list")
    }
}
