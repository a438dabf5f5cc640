import Foundation
import XCTest

/// `civicpulse fetch` against the stand-in X: pages, cursors, the archive and what it prints.
final class FetchCommandTests: FetchTestCase {
    func testEachPageLandsOnceTheCursorMovesAndTheArchiveRebuildsTheSameLog() throws {
        x.add(StandInTweet.mentions(of: "MainCC", count: 7, first: 1_860_000_000_000_000_001), at: Self.mainMentions)
        x.add(Self.ownTweets(count: 2, first: 1_860_000_000_000_000_101), at: Self.mainTweets)
        x.add(Self.floodTweets(count: 2, first: 1_860_000_000_000_000_201), at: Self.search)

        let first = try fetch()
        XCTAssertEqual(first.status, 0, first.out + first.err)
        XCTAssertEqual(first.out, """
            main_twitter mentions: 3 pages, appended 7, duplicate 0, quarantined 0; cursor 1860000000000000007 (was none)
            main_twitter tweets: 1 page, appended 2, duplicate 0, quarantined 0; cursor 1860000000000000102 (was none)
            other_twitter mentions: 1 page, appended 0, duplicate 0, quarantined 0; no cursor yet
            other_twitter tweets: 1 page, appended 0, duplicate 0, quarantined 0; no cursor yet
            topic:flooding search: 1 page, appended 2, duplicate 0, quarantined 0; cursor 1860000000000000202 (was none)

            """)
        XCTAssertEqual(first.err, "", "no progress line when piped")
        XCTAssertEqual(try cursor("main_twitter", "mentions"), "1860000000000000007")
        let afterFirst = try eventIDs()
        XCTAssertEqual(afterFirst.count, 11)

        let second = try fetch()
        XCTAssertEqual(second.status, 0, second.err)
        XCTAssertTrue(second.out.hasPrefix("main_twitter mentions: 1 page, appended 0, duplicate 0, quarantined 0; cursor unchanged at 1860000000000000007\n"), second.out)
        XCTAssertEqual(try eventIDs(), afterFirst, "the second fetch adds nothing")
        let asked = x.requests.last { $0.path == Self.mainMentions }
        XCTAssertEqual(asked?.queryItems?.first { $0.name == "since_id" }?.value, "1860000000000000007")

        x.add(StandInTweet.mentions(of: "MainCC", count: 1, first: 1_860_000_000_000_000_050), at: Self.mainMentions)
        let third = try fetch(["--account", "main_twitter"])
        XCTAssertEqual(third.status, 0, third.err)
        XCTAssertEqual(third.out, """
            main_twitter mentions: 1 page, appended 1, duplicate 0, quarantined 0; cursor 1860000000000000050 (was 1860000000000000007)
            main_twitter tweets: 1 page, appended 0, duplicate 0, quarantined 0; cursor unchanged at 1860000000000000102

            """, "--account fetches that account only, no topic search")

        // The archive alone rebuilds the log, through `civicpulse ingest`.
        let files = archivedFiles()
        XCTAssertEqual(files.count, 3 + 1 + 1 + 1 + 1 + 5 + 2)
        XCTAssertTrue(files.contains { $0.contains("/archive/twitter/main_twitter/") && $0.hasSuffix("-mentions-3.json") }, "\(files)")
        XCTAssertTrue(files.contains { $0.contains("/archive/twitter/topic-flooding/") && $0.hasSuffix("-search-1.json") }, "\(files)")
        for file in files {
            XCTAssertEqual(try permissions(file), 0o600, file)
            XCTAssertEqual(try permissions(URL(fileURLWithPath: file).deletingLastPathComponent().path), 0o700, file)
            XCTAssertFalse(String(decoding: FileManager.default.contents(atPath: file)!, as: UTF8.self).contains(Self.token), file)
        }
        let ingest = try assertTheArchiveRebuildsTheLog(files)

        for run in [first, second, third, ingest] {
            XCTAssertFalse((run.out + run.err).contains(Self.token), "the token is never printed")
        }
        let stored = try database.connect().query("""
            SELECT (SELECT string_agg(e::text, '') FROM civicpulse.events e) || (SELECT string_agg(r::text, '') FROM civicpulse.ingest_runs r)
                || (SELECT string_agg(c::text, '') FROM civicpulse.fetch_cursors c)
            """)[0].decode(String.self, 0)
        XCTAssertFalse(stored.contains(Self.token), "nor stored in the database")
    }

    /// The last successful fetch (serve's `civicpulse_last_fetch_timestamp_seconds`) moves on
    /// every walk that reaches its end, with something new or not, and an account that has never
    /// had anything still has one; a refused token leaves it where it was.
    func testEveryWalkToTheEndRecordsTheLastFetchEvenWithNothingNew() throws {
        x.add(StandInTweet.mentions(of: "MainCC", count: 2, first: 1_860_000_000_000_000_001), at: Self.mainMentions)
        XCTAssertEqual(try fetch(["--account", "main_twitter"]).status, 0)
        XCTAssertEqual(try fetch(["--account", "other_twitter"]).status, 0)
        let first = try lastWalks()
        XCTAssertEqual(Set(first.keys), ["main_twitter mentions", "main_twitter tweets", "other_twitter mentions", "other_twitter tweets"])
        XCTAssertNil(try cursor("other_twitter", "mentions"), "nothing found: no mark, only the time")

        Thread.sleep(forTimeInterval: 0.05)
        let quiet = try fetch(["--account", "main_twitter"])
        XCTAssertTrue(quiet.out.hasPrefix("main_twitter mentions: 1 page, appended 0, duplicate 0, quarantined 0; cursor unchanged at 1860000000000000002\n"), quiet.out)
        let second = try lastWalks()
        XCTAssertGreaterThan(try XCTUnwrap(second["main_twitter mentions"]), try XCTUnwrap(first["main_twitter mentions"]), "fetched, though nothing was new")
        XCTAssertEqual(second["other_twitter mentions"], first["other_twitter mentions"])
        XCTAssertEqual(try cursor("main_twitter", "mentions"), "1860000000000000002")

        XCTAssertEqual(try fetch(["--account", "main_twitter"], token: "a-revoked-token").status, 1)
        XCTAssertEqual(try lastWalks(), second, "a fetch that failed is not a fetch")
    }

    func testAFetchKilledMidWalkResumesWithNoGapAndNoDuplicate() throws {
        x.add(StandInTweet.mentions(of: "MainCC", count: 8, first: 1_860_000_000_000_000_001), at: Self.mainMentions)
        // The second page is slow to come: the fetch is killed while it waits for it.
        x.script(.init(pathSuffix: Self.mainMentions, token: "page3", kind: .delay(30)))
        try killFetch(["--timeout", "60s"]) {
            self.x.requests.contains { $0.queryItems?.contains(URLQueryItem(name: "pagination_token", value: "page3")) ?? false }
        }
        XCTAssertEqual(try eventIDs().count, 3, "the first page was in when it was killed")
        XCTAssertNil(try cursor("main_twitter", "mentions"), "a walk cut short leaves the cursor where it was")

        let rerun = try fetch()
        XCTAssertEqual(rerun.status, 0, rerun.err)
        XCTAssertTrue(rerun.out.hasPrefix("main_twitter mentions: 3 pages, appended 5, duplicate 3, quarantined 0; cursor 1860000000000000008 (was none)\n"), rerun.out)

        let uninterrupted = try TestDatabase()
        defer { uninterrupted.drop() }
        XCTAssertEqual(try fetch(database: uninterrupted).status, 0)
        XCTAssertEqual(try eventIDs(), try eventIDs(in: uninterrupted), "the log equals an uninterrupted run's")
        XCTAssertEqual(try cursor("main_twitter", "mentions"), try cursor("main_twitter", "mentions", in: uninterrupted))
    }

    func testFailuresAreRetriedWaitedOutOrStopOnlyWhatTheyMust() throws {
        x.add(StandInTweet.mentions(of: "MainCC", count: 5, first: 1_860_000_000_000_000_001), at: Self.mainMentions)
        x.add(Self.ownTweets(count: 4, first: 1_860_000_000_000_000_101), at: Self.mainTweets)
        x.add(StandInTweet.mentions(of: "OtherCC", count: 2, first: 1_860_000_000_000_000_301), at: Self.otherMentions)
        x.add(Self.floodTweets(count: 5, first: 1_860_000_000_000_000_201), at: Self.search)
        x.script(.init(pathSuffix: Self.mainMentions, token: nil, kind: .status(500, headers: [:])))
        x.script(.init(pathSuffix: Self.mainMentions, token: nil, kind: .status(503, headers: [:])))
        x.script(.init(pathSuffix: Self.mainMentions, token: "page3", kind: .delay(4))) // beyond --timeout 1s
        x.script(.init(pathSuffix: Self.mainTweets, token: nil, kind: .rateLimited(seconds: 1.5)))
        x.script(.init(pathSuffix: Self.mainTweets, token: "page3", kind: .repeatedToken))
        x.script(.init(pathSuffix: Self.otherMentions, token: nil, kind: .status(401, headers: [:])))
        x.script(.init(pathSuffix: Self.search, token: "page3", kind: .truncated))

        let started = Date()
        let run = try runCivicPulse(["fetch", "-q", "--pipeline", pipeline, "--archive", archive, "--timeout", "1s", "--max-wait", "30s"],
                                    environment: environment())
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "bounded")
        XCTAssertEqual(run.status, 1, "a revoked token and an unreadable page need a person")
        let lines = run.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5, run.out)
        XCTAssertEqual(lines[0], "main_twitter mentions: 2 pages, appended 5, duplicate 0, quarantined 0; cursor 1860000000000000005 (was none)",
                       "500, 503 and a time-out retried")
        XCTAssertEqual(lines[1], "main_twitter tweets: 2 pages, appended 4, duplicate 0, quarantined 0; no cursor yet; stopped: the API gave the pagination token page3 twice; the walk stops rather than loop, and the cursor stays where it was",
                       "the 429 waited out, then the repeated token")
        XCTAssertEqual(lines[2], "other_twitter mentions: 0 pages, appended 0, duplicate 0, quarantined 0; no cursor yet; stopped: X refused the bearer token (HTTP 401): renew the app's bearer token in the X developer portal and set CIVICPULSE_X_BEARER_TOKEN")
        XCTAssertEqual(lines[3], "other_twitter tweets: 0 pages, appended 0, duplicate 0, quarantined 0; no cursor yet; stopped: not fetched: the account stopped above")
        XCTAssertTrue(lines[4].hasPrefix("topic:flooding search: 2 pages, appended 3, duplicate 0, quarantined 0; no cursor yet; stopped: \(archive)/twitter/topic-flooding/"), lines[4])
        XCTAssertTrue(lines[4].contains("-search-2.json: not ingested: line 1, byte "), lines[4])
        XCTAssertTrue(lines[4].hasSuffix("(cut short?) (the file is neither JSON nor JSON Lines, one JSON object per line)"), lines[4])
        XCTAssertTrue(run.err.contains("main_twitter tweets: rate limited; waiting until "), run.err)
        XCTAssertFalse(x.requests.contains { $0.path == Self.otherTweets }, "a refused account is not asked again")
        XCTAssertEqual(x.requests.filter { $0.path == Self.mainMentions }.count, 5, "two retries after 5xx, one after the time-out")
        XCTAssertEqual(x.requests.filter { $0.path == Self.mainTweets }.count, 3, "one 429, then the wait for the reset: no tight loop")
        XCTAssertEqual(archivedFiles().filter { $0.contains("topic-flooding") }.count, 2, "the truncated body is archived as it came")
        XCTAssertFalse((run.out + run.err).contains(Self.token))
    }

    func testAMalformedTweetIsQuarantinedAndTheWalkGoesOn() throws {
        var tweets = StandInTweet.mentions(of: "MainCC", count: 5, first: 1_860_000_000_000_000_001)
        tweets[3].createdAt = "yesterday afternoon"
        x.add(tweets, at: Self.mainMentions)
        let fetched = try fetch(["--account", "main_twitter"])
        XCTAssertEqual(fetched.status, 1, "a quarantined record needs a person, as with ingest")
        XCTAssertTrue(fetched.out.hasPrefix("main_twitter mentions: 2 pages, appended 4, duplicate 0, quarantined 1; cursor 1860000000000000005 (was none)\n"), fetched.out)
        let quarantine = try run(["quarantine", "-q"])
        XCTAssertTrue(quarantine.out.contains("-mentions-1.json: data[1] (id 1860000000000000004): field 'created_at'"), quarantine.out)
    }

    func testEveryFetchesAgainUntilStopped() throws {
        x.add(StandInTweet.mentions(of: "MainCC", count: 2, first: 1_860_000_000_000_000_001), at: Self.mainMentions)
        let out = Pipe()
        let process = try launchFetch(["--account", "main_twitter", "--every", "1s"], output: out)
        let deadline = Date().addingTimeInterval(30)
        while x.requests.filter({ $0.path == Self.mainMentions }).count < 2, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.5)
        process.terminate()
        process.waitUntilExit()
        let lines = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        XCTAssertGreaterThanOrEqual(lines.count, 4, "\(lines)")
        XCTAssertEqual(lines.first, "main_twitter mentions: 1 page, appended 2, duplicate 0, quarantined 0; cursor 1860000000000000002 (was none)")
        XCTAssertEqual(lines[2], "main_twitter mentions: 1 page, appended 0, duplicate 0, quarantined 0; cursor unchanged at 1860000000000000002",
                       "the second round asks from the cursor, each line written as it comes")
    }

    func testBadArgumentsAndUnsafeCredentialsGetOneLine() throws {
        let platform = try fetch(["--platform", "myspace"])
        XCTAssertEqual(platform.status, 64)
        XCTAssertEqual(platform.err, "Error: unknown platform 'myspace' (platforms: twitter, facebook, youtube)\n")
        let account = try fetch(["--account", "nosuch"])
        XCTAssertEqual(account.status, 64)
        XCTAssertEqual(account.err, "Error: unknown twitter account 'nosuch' in \(pipeline) (twitter accounts: main_twitter, other_twitter)\n")
        XCTAssertEqual(try fetch(["--once", "--every", "2m"]).status, 64)

        let credentials = folder.appendingPathComponent("credentials").path
        try "CIVICPULSE_X_BEARER_TOKEN=\(Self.token)\n".write(toFile: credentials, atomically: false, encoding: .utf8)
        chmod(credentials, 0o644)
        try writePipeline(fetch: "fetch: { credentials: credentials }")
        let unsafe = try fetch(token: nil)
        XCTAssertEqual(unsafe.status, 1)
        XCTAssertEqual(unsafe.err, "Error: \(credentials): credentials file is readable by others (mode 644); chmod 600 \(credentials)\n")
        XCTAssertTrue(x.requests.isEmpty, "nothing is asked with an unsafe token")

        chmod(credentials, 0o600)
        x.add(StandInTweet.mentions(of: "MainCC", count: 1, first: 1_860_000_000_000_000_001), at: Self.mainMentions)
        let fromFile = try fetch(["--account", "main_twitter"], token: nil)
        XCTAssertEqual(fromFile.status, 0, fromFile.out + fromFile.err)
        XCTAssertTrue(fromFile.out.hasPrefix("main_twitter mentions: 1 page, appended 1"), fromFile.out)

        try writePipeline(account: "handle_only: { platform: twitter, handle: NoID, service: desk }")
        let handleOnly = try fetch(["--account", "handle_only"])
        XCTAssertEqual(handleOnly.status, 1, "a person must add the id")
        XCTAssertEqual(handleOnly.err, "handle_only: not fetched: X needs the account's numeric user id (id: in \(pipeline))\n")

        let help = try runCivicPulse(["fetch", "--help"], environment: environment())
        XCTAssertTrue(help.out.contains("Exit status: 0 when everything was fetched"), help.out)
    }

    private func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue & 0o777
    }
}
