import Foundation
import XCTest

/// `civicpulse fetch --platform youtube` against the stand-in YouTube: comment threads walked to
/// the mark, statistics dated by the archived file's name, the quota and key stops, and the key
/// kept out of everything fetch writes.
final class YouTubeFetchCommandTests: FetchTestCase {
    static let key = "AIzaSy-test-key-DO-NOT-PRINT-\(UUID().uuidString)"
    static let council = "UCHarbourside-Council-01"
    static let libraries = "UCHarbour-Libraries-0002"
    static let first = ISO8601DateFormatter().date(from: "2026-11-16T09:00:00Z")!

    var youtube: StandInYouTube!

    override func setUpWithError() throws {
        try super.setUpWithError()
        youtube = try StandInYouTube(key: Self.key)
        try writePipeline(account: """
            main_youtube: { platform: youtube, handle: HarboursideCouncil, id: \(Self.council), service: desk }
              libraries_youtube: { platform: youtube, id: \(Self.libraries), service: desk }
            """)
        youtube.setChannel(Self.council, subscribers: 3400)
        youtube.setChannel(Self.libraries, subscribers: 90)
    }

    override func tearDown() {
        youtube?.stop()
        super.tearDown()
    }

    override func environment(database: TestDatabase? = nil, token: String? = FetchTestCase.token) -> [String: String] {
        var environment = super.environment(database: database, token: token)
        environment["CIVICPULSE_YOUTUBE_API_BASE"] = youtube.base
        environment["CIVICPULSE_YOUTUBE_API_KEY"] = youtubeKey
        return environment
    }

    /// The key the next fetch runs with; nil: none in the environment.
    var youtubeKey: String? = YouTubeFetchCommandTests.key

    func fetchYouTube(_ arguments: [String] = [], database: TestDatabase? = nil) throws -> (status: Int32, out: String, err: String) {
        try fetch(["--platform", "youtube"] + arguments, database: database)
    }

    /// Seven residents' threads on two council videos, the oldest answered by the council.
    func addThreads() {
        var threads = StandInThread.residents(4, channel: Self.council, video: "Bins2026abc", first: Self.first, prefix: "UgwBins")
            + StandInThread.residents(3, channel: Self.council, video: "LibTour2026", first: Self.first.addingTimeInterval(4 * 3600), prefix: "UgwLib")
        threads[0].replies = [.init(id: "AZcouncil1", authorChannel: Self.council, text: "Collections move by a day",
                                    published: Self.first.addingTimeInterval(1800))]
        youtube.add(threads, channel: Self.council)
        youtube.setVideo("Bins2026abc", channel: Self.council, views: 1520)
        youtube.setVideo("LibTour2026", channel: Self.council, views: 310)
    }

    private func commentRequests() -> [URLComponents] {
        youtube.requests.filter { $0.path == "/youtube/v3/commentThreads" }
    }

    func testThreadsAndStatisticsLandOnceAndTheNextFetchStopsAtTheMark() throws {
        addThreads()
        let first = try fetchYouTube()
        XCTAssertEqual(first.status, 0, first.out + first.err)
        XCTAssertEqual(first.out, """
            main_youtube comments: 3 pages, appended 8, duplicate 0, quarantined 0; cursor 2026-11-16T15:00:00Z (was none)
            main_youtube videos: 1 page, appended 10, duplicate 0, quarantined 0; no cursor yet
            main_youtube channel: 1 page, appended 3, duplicate 0, quarantined 0; no cursor yet
            libraries_youtube comments: 1 page, appended 0, duplicate 0, quarantined 0; no cursor yet
            libraries_youtube channel: 1 page, appended 3, duplicate 0, quarantined 0; no cursor yet

            """, "libraries_youtube has no video in the log: no videos request, no line")
        XCTAssertEqual(first.err, "")
        XCTAssertEqual(try cursor("main_youtube", "comments", platform: "youtube"), "2026-11-16T15:00:00Z")
        let videosAsked = youtube.requests.filter { $0.path == "/youtube/v3/videos" }
        XCTAssertEqual(videosAsked.count, 1)
        XCTAssertEqual(Set(videosAsked[0].queryItems?.first { $0.name == "id" }?.value?.split(separator: ",") ?? []), ["Bins2026abc", "LibTour2026"],
                       "the videos the threads just fetched are on")
        XCTAssertEqual(commentRequests().compactMap { $0.queryItems?.first { $0.name == "pageToken" }?.value }, ["page3", "page6"])
        let afterFirst = try eventIDs()

        let second = try fetchYouTube()
        XCTAssertEqual(second.status, 0, second.out + second.err)
        XCTAssertEqual(second.out, """
            main_youtube comments: 1 page, appended 0, duplicate 3, quarantined 0; cursor unchanged at 2026-11-16T15:00:00Z
            main_youtube videos: 1 page, appended 0, duplicate 10, quarantined 0; no cursor yet
            main_youtube channel: 1 page, appended 0, duplicate 3, quarantined 0; no cursor yet
            libraries_youtube comments: 1 page, appended 0, duplicate 0, quarantined 0; no cursor yet
            libraries_youtube channel: 1 page, appended 0, duplicate 3, quarantined 0; no cursor yet

            """, "the first page holds nothing newer than the mark: the walk ends there")
        XCTAssertEqual(try eventIDs(), afterFirst, "the second fetch appends nothing")
        XCTAssertEqual(commentRequests().count, (3 + 1) + (1 + 1), "one page of comments for each channel the second time")

        youtube.add(StandInThread.residents(2, channel: Self.council, video: "Bins2026abc", first: Self.first.addingTimeInterval(86400), prefix: "UgwNew"),
                    channel: Self.council)
        let third = try fetchYouTube(["--account", "main_youtube"])
        XCTAssertEqual(third.status, 0, third.out + third.err)
        XCTAssertTrue(third.out.hasPrefix("""
            main_youtube comments: 2 pages, appended 2, duplicate 4, quarantined 0; cursor 2026-11-17T10:00:00Z (was 2026-11-16T15:00:00Z)

            """), "the walk goes on past the new threads to the first page with nothing new: \(third.out)")

        // The archive: statistics dated by the time in their file's name, and the log rebuilt from it.
        let files = archivedFiles()
        // `-videos-1.json`, or `-videos-1-1.json` for another fetch within the same second.
        let videoFiles = files.filter { $0.contains("/archive/youtube/main_youtube/") && $0.range(of: #"-videos-1(-[0-9]+)?\.json$"#, options: .regularExpression) != nil }
        XCTAssertEqual(videoFiles.count, 3, "\(files)")
        let stamp = URL(fileURLWithPath: videoFiles.sorted()[0]).lastPathComponent.prefix(20) // 2026-11-18T11-06-40Z
        let snapshotTimes = try database.connect().query("""
            SELECT DISTINCT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24-MI-SS"Z"') FROM civicpulse.events
            WHERE source_type = 'video_statistics'
            """).map { try $0.decode(String.self, 0) }
        XCTAssertEqual(snapshotTimes, [String(stamp)],
                       "a statistics snapshot is dated by the fetch, as its archived file's name says (counts unchanged since: no later snapshot)")
        let ingest = try assertTheArchiveRebuildsTheLog(files)

        assertKeyNowhere([first, second, third, ingest])
    }

    func testAUsedUpQuotaStopsEveryYouTubeWalkAndTheNextRunCarriesOn() throws {
        addThreads()
        youtube.script(.init(pathSuffix: "/commentThreads", token: "page3", kind: .quotaExceeded))
        let stopped = try fetchYouTube()
        XCTAssertEqual(stopped.status, 0, "the quota resets by itself: nothing for a person to do")
        let lines = stopped.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5, stopped.out)
        XCTAssertTrue(lines[0].hasPrefix("main_youtube comments: 1 page, appended 3, duplicate 0, quarantined 0; no cursor yet; stopped: YouTube's daily quota is used up (HTTP 403 quotaExceeded): it resets at midnight Pacific time ("), lines[0])
        XCTAssertTrue(lines[0].hasSuffix("); fetch carries on next run"), lines[0])
        for line in lines.dropFirst() {
            XCTAssertTrue(line.hasSuffix("stopped: not fetched: youtube stopped above"), line)
        }
        XCTAssertEqual(youtube.requests.count, 2, "nothing is asked after the quota is spent")
        XCTAssertNil(try cursor("main_youtube", "comments", platform: "youtube"))

        let next = try fetchYouTube()
        XCTAssertEqual(next.status, 0, next.out + next.err)
        XCTAssertTrue(next.out.hasPrefix("main_youtube comments: 3 pages, appended 5, duplicate 3, quarantined 0; cursor 2026-11-16T15:00:00Z (was none)\n"), next.out)
        assertKeyNowhere([stopped, next])
    }

    func testARefusedKeyARepeatedPageTokenAndAServerErrorEachStopOnlyWhatTheyMust() throws {
        addThreads()
        youtubeKey = "AIzaSy-wrong-key-ALSO-NOT-PRINTED"
        let refused = try fetchYouTube()
        XCTAssertEqual(refused.status, 1, "a person must renew the key")
        let lines = refused.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "main_youtube comments: 0 pages, appended 0, duplicate 0, quarantined 0; no cursor yet; stopped: YouTube refused the API key (HTTP 400 badRequest): create or renew an API key for the YouTube Data API v3 in the Google Cloud console (APIs & Services, Credentials; the API enabled for its project) and set CIVICPULSE_YOUTUBE_API_KEY")
        XCTAssertEqual(lines.count, 4, "no videos in the log yet: no videos lines; \(refused.out)")
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasSuffix("; stopped: not fetched: youtube stopped above") }, refused.out)
        XCTAssertEqual(youtube.requests.count, 1, "one refusal is enough: the key is the same for every channel")
        XCTAssertFalse((refused.out + refused.err).contains("AIzaSy-wrong-key"), "nor is a wrong key printed")

        youtubeKey = Self.key
        youtube.script(.init(pathSuffix: "/commentThreads", token: "page3", kind: .repeatedToken))
        youtube.script(.init(pathSuffix: "/channels", token: nil, kind: .status(503)))
        let repeated = try fetchYouTube(["--account", "main_youtube"])
        XCTAssertEqual(repeated.status, 1, "a repeated token needs a person")
        XCTAssertEqual(repeated.out, """
            main_youtube comments: 2 pages, appended 6, duplicate 0, quarantined 0; no cursor yet; stopped: the API gave the pagination token page3 twice; the walk stops rather than loop, and the cursor stays where it was
            main_youtube videos: 1 page, appended 10, duplicate 0, quarantined 0; no cursor yet
            main_youtube channel: 1 page, appended 3, duplicate 0, quarantined 0; no cursor yet

            """, "the channel's 503 was retried; the account's other walks go on after the repeated token")
        XCTAssertNil(try cursor("main_youtube", "comments", platform: "youtube"))
        assertKeyNowhere([refused, repeated])
    }

    func testMissingKeysAndChannelIDsGetOneLineAndTheKeyIsReadFromTheFile() throws {
        youtubeKey = nil
        let missing = try fetchYouTube()
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.err, "Error: no YouTube API key: set CIVICPULSE_YOUTUBE_API_KEY in the environment, or name a credentials file in the pipeline (fetch: credentials:)\n")
        XCTAssertTrue(youtube.requests.isEmpty)

        let credentials = folder.appendingPathComponent("credentials").path
        try "CIVICPULSE_YOUTUBE_API_KEY=\(Self.key)\n".write(toFile: credentials, atomically: false, encoding: .utf8)
        chmod(credentials, 0o600)
        try writePipeline(fetch: "fetch: { credentials: credentials }", account: """
            main_youtube: { platform: youtube, id: \(Self.council), service: desk }
              handle_only: { platform: youtube, handle: SomeChannel, service: desk }
            """)
        let fromFile = try fetchYouTube()
        XCTAssertEqual(fromFile.status, 1, "a person must add the channel id")
        XCTAssertEqual(fromFile.err, "handle_only: not fetched: YouTube needs the channel id (UC…) (id: in \(pipeline))\n")
        XCTAssertTrue(fromFile.out.hasPrefix("main_youtube comments: 1 page, appended 0"), fromFile.out)
        assertKeyNowhere([missing, fromFile])
    }

    func testAFailedConnectionNamesNoURL() throws {
        youtube.stop() // nothing listens on its port any more: every request is refused
        let failed = try fetchYouTube(["--account", "main_youtube", "--retries", "0"])
        XCTAssertEqual(failed.status, 1, failed.out + failed.err)
        XCTAssertTrue(failed.out.hasPrefix("main_youtube comments: 0 pages, appended 0, duplicate 0, quarantined 0; no cursor yet; stopped: connection failed ("), failed.out)
        assertKeyNowhere([failed])
    }

    /// The key goes in every request's header: it must not reach a URL, output, archive names or bodies.
    private func assertKeyNowhere(_ runs: [(status: Int32, out: String, err: String)], file: StaticString = #filePath, line: UInt = #line) {
        for request in youtube.requests {
            XCTAssertFalse(request.string?.contains(Self.key) ?? true, "no URL holds the key", file: file, line: line)
        }
        for run in runs {
            XCTAssertFalse((run.out + run.err).contains(Self.key), "the key is never printed", file: file, line: line)
        }
        for path in archivedFiles() {
            XCTAssertFalse(path.contains(Self.key), path, file: file, line: line)
            XCTAssertFalse(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self).contains(Self.key), path, file: file, line: line)
        }
    }
}
