import Foundation
import XCTest

/// `civicpulse fetch --platform facebook` against the stand-in Graph: each Page's feed, visitor
/// posts, Messenger conversations and Insights walked to the mark; throttling, 5xx, a revoked
/// token and a repeated cursor; a fetch killed mid-walk; the tokens kept out of everything fetch writes.
final class GraphFetchCommandTests: FetchTestCase {
    static let council = "110000000000001"
    static let libraries = "110000000000002"
    static let councilToken = "EAAcouncil-DO-NOT-PRINT-\(UUID().uuidString)"
    static let librariesToken = "EAAlibraries-DO-NOT-PRINT-\(UUID().uuidString)"
    static let appSecret = "app-secret-DO-NOT-PRINT-\(UUID().uuidString)"
    static let first = ISO8601DateFormatter().date(from: "2026-11-16T09:00:00Z")!

    var graph: StandInGraph!
    /// The Page tokens the next fetch runs with; nil: none in the environment.
    var pageTokens: String? = "\(GraphFetchCommandTests.council)=\(GraphFetchCommandTests.councilToken),\(GraphFetchCommandTests.libraries)=\(GraphFetchCommandTests.librariesToken)"

    override func setUpWithError() throws {
        try super.setUpWithError()
        graph = try StandInGraph(tokens: [Self.council: Self.councilToken, Self.libraries: Self.librariesToken])
        try writePipeline(account: """
            main_facebook: { platform: facebook, handle: HarboursideCouncil, id: "\(Self.council)", service: desk }
              libraries_facebook: { platform: facebook, id: "\(Self.libraries)", service: desk }
            """)
    }

    override func tearDown() {
        graph?.stop()
        super.tearDown()
    }

    override func environment(database: TestDatabase? = nil, token: String? = FetchTestCase.token) -> [String: String] {
        var environment = super.environment(database: database, token: token)
        environment["CIVICPULSE_GRAPH_API_BASE"] = graph.base
        environment["CIVICPULSE_META_PAGE_TOKENS"] = pageTokens
        environment["CIVICPULSE_META_APP_SECRET"] = Self.appSecret
        return environment
    }

    func fetchFacebook(_ arguments: [String] = [], database: TestDatabase? = nil) throws -> (status: Int32, out: String, err: String) {
        try fetch(["--platform", "facebook"] + arguments, database: database)
    }

    /// The council Page: five residents' posts on its feed, two visitor posts, four Messenger
    /// threads; the libraries Page: one post.
    func addPageContent() {
        graph.add(StandInGraphItems.posts(5, page: Self.council, first: Self.first, prefix: 1000), page: Self.council, edge: "feed")
        graph.add(StandInGraphItems.posts(2, page: Self.council, first: Self.first, prefix: 2000), page: Self.council, edge: "visitor_posts")
        graph.add(StandInGraphItems.threads(4, page: Self.council, first: Self.first, prefix: 3000), page: Self.council, edge: "conversations")
        graph.add(StandInGraphItems.posts(1, page: Self.libraries, first: Self.first, prefix: 4000), page: Self.libraries, edge: "feed")
    }

    private func seconds(_ hours: Double) -> String {
        String(Int(Self.first.timeIntervalSince1970 + hours * 3600))
    }

    func testPostsMessagesAndInsightsLandOnceAndTheArchiveRebuildsTheLog() throws {
        addPageContent()
        let first = try fetchFacebook()
        XCTAssertEqual(first.status, 0, first.out + first.err)
        // Feed: 5 posts, 5 comments, 3 Page replies; visitor posts: 2 + 2 + 1; conversations: 4
        // questions, 2 answers; Insights: 3 periods × 2 days.
        XCTAssertEqual(first.out, """
            main_facebook feed: 2 pages, appended 13, duplicate 0, quarantined 0; cursor \(seconds(4)) (was none)
            main_facebook visitor_posts: 1 page, appended 5, duplicate 0, quarantined 0; cursor \(seconds(1)) (was none)
            main_facebook conversations: 2 pages, appended 6, duplicate 0, quarantined 0; cursor \(seconds(3)) (was none)
            main_facebook insights: 1 page, appended 6, duplicate 0, quarantined 0; no cursor yet
            libraries_facebook feed: 1 page, appended 3, duplicate 0, quarantined 0; cursor \(seconds(0)) (was none)
            libraries_facebook visitor_posts: 1 page, appended 0, duplicate 0, quarantined 0; no cursor yet
            libraries_facebook conversations: 1 page, appended 0, duplicate 0, quarantined 0; no cursor yet
            libraries_facebook insights: 1 page, appended 6, duplicate 0, quarantined 0; no cursor yet

            """)
        XCTAssertEqual(first.err, "")
        let asked = graph.requests
        XCTAssertTrue(asked.allSatisfy { $0.queryItems?.first { $0.name == "appsecret_proof" }?.value?.count == 64 }, "every request signed")
        XCTAssertEqual(asked.filter { $0.path.hasSuffix("/insights") }.count, 2, "Insights' forward paging is not followed")
        let messages = try database.connect().query("""
            SELECT kind, count(*)::int FROM civicpulse.events WHERE channel = 'messenger' GROUP BY kind ORDER BY kind
            """).map { "\(try $0.decode(String.self, 0)) \(try $0.decode(Int.self, 1))" }
        XCTAssertEqual(messages, ["inbound_message 4", "reply 2"])
        let afterFirst = try eventIDs()

        let second = try fetchFacebook()
        XCTAssertEqual(second.status, 0, second.out + second.err)
        XCTAssertEqual(second.out, """
            main_facebook feed: 1 page, appended 0, duplicate 0, quarantined 0; cursor unchanged at \(seconds(4))
            main_facebook visitor_posts: 1 page, appended 0, duplicate 0, quarantined 0; cursor unchanged at \(seconds(1))
            main_facebook conversations: 1 page, appended 0, duplicate 0, quarantined 0; cursor unchanged at \(seconds(3))
            main_facebook insights: 1 page, appended 0, duplicate 6, quarantined 0; no cursor yet
            libraries_facebook feed: 1 page, appended 0, duplicate 0, quarantined 0; cursor unchanged at \(seconds(0))
            libraries_facebook visitor_posts: 1 page, appended 0, duplicate 0, quarantined 0; no cursor yet
            libraries_facebook conversations: 1 page, appended 0, duplicate 0, quarantined 0; no cursor yet
            libraries_facebook insights: 1 page, appended 0, duplicate 6, quarantined 0; no cursor yet

            """, "the walks ask from the marks")
        XCTAssertEqual(graph.requests.last { $0.path.hasSuffix("\(Self.council)/feed") }?.queryItems?.first { $0.name == "since" }?.value, seconds(4))
        XCTAssertEqual(try eventIDs(), afterFirst, "the second fetch adds nothing")

        let ingest = try assertTheArchiveRebuildsTheLog(archivedFiles())
        assertTokensNowhere([first, second, ingest])
    }

    func testThrottlingAServerErrorARevokedTokenAndARepeatedCursorEachStopOnlyWhatTheyMust() throws {
        addPageContent()
        graph.add(StandInGraphItems.posts(5, page: Self.council, first: Self.first.addingTimeInterval(86400), prefix: 2100),
                  page: Self.council, edge: "visitor_posts")
        graph.script(.init(pathSuffix: "\(Self.council)/feed", cursor: nil, kind: .throttled(code: 32, regainMinutes: 0.02)))
        graph.script(.init(pathSuffix: "\(Self.council)/conversations", cursor: nil, kind: .status(500)))
        graph.script(.init(pathSuffix: "\(Self.council)/visitor_posts", cursor: "cursor3", kind: .repeatedCursor))
        pageTokens = "\(Self.council)=\(Self.councilToken),\(Self.libraries)=EAArevoked-NOT-PRINTED-EITHER"

        let started = Date()
        let run = try fetchFacebook()
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "bounded")
        XCTAssertEqual(run.status, 1, "a revoked token and a repeated cursor need a person")
        XCTAssertEqual(run.out, """
            main_facebook feed: 2 pages, appended 13, duplicate 0, quarantined 0; cursor \(seconds(4)) (was none)
            main_facebook visitor_posts: 2 pages, appended 15, duplicate 0, quarantined 0; no cursor yet; stopped: the API gave the pagination token cursor3 twice; the walk stops rather than loop, and the cursor stays where it was
            main_facebook conversations: 2 pages, appended 6, duplicate 0, quarantined 0; cursor \(seconds(3)) (was none)
            main_facebook insights: 1 page, appended 6, duplicate 0, quarantined 0; no cursor yet
            libraries_facebook feed: 0 pages, appended 0, duplicate 0, quarantined 0; no cursor yet; stopped: Facebook refused this Page's token (code 190, expired or revoked): Error validating access token: The session has been invalidated because the user changed their password.; renew the Page's access token (a long-lived Page token from /me/accounts, granted pages_read_engagement, pages_messaging, read_insights and pages_manage_metadata) and set it in CIVICPULSE_META_PAGE_TOKENS
            libraries_facebook visitor_posts: 0 pages, appended 0, duplicate 0, quarantined 0; no cursor yet; stopped: not fetched: the account stopped above
            libraries_facebook conversations: 0 pages, appended 0, duplicate 0, quarantined 0; no cursor yet; stopped: not fetched: the account stopped above
            libraries_facebook insights: 0 pages, appended 0, duplicate 0, quarantined 0; no cursor yet; stopped: not fetched: the account stopped above

            """, "the throttled feed waited out, the 500 retried, the repeated cursor and the revoked Page stopped alone")
        XCTAssertTrue(run.err.contains("main_facebook feed: rate limited; waiting until "), run.err)
        XCTAssertEqual(graph.requests.filter { $0.path.hasSuffix("\(Self.council)/feed") }.count, 3, "one throttled, then two pages: no tight loop")
        XCTAssertEqual(graph.requests.filter { $0.path.hasSuffix("\(Self.council)/conversations") }.count, 3, "the 500 retried once")
        XCTAssertEqual(graph.requests.filter { $0.path.contains(Self.libraries) }.count, 1, "a revoked Page is not asked again")
        XCTAssertNil(try cursor("main_facebook", "visitor_posts", platform: "facebook"))
        XCTAssertFalse((run.out + run.err).contains("EAArevoked"))
        assertTokensNowhere([run])
    }

    /// A thread longer than the messages Graph nests in a `/conversations` page is followed
    /// through its own `/messages` pages (`messages.paging.next`) to its first message, with the
    /// Page's token, redacted from the archive as every other page; fetched again, nothing new.
    func testALongMessengerThreadIsFollowedPastItsFirstPage() throws {
        graph.add([StandInGraphItems.longThread(8, page: Self.council, first: Self.first, id: "t_5000")], page: Self.council, edge: "conversations")
        let fetched = try fetchFacebook(["--account", "main_facebook"])
        XCTAssertEqual(fetched.status, 0, fetched.out + fetched.err)
        let line = fetched.out.split(separator: "\n").first { $0.hasPrefix("main_facebook conversations:") }
        XCTAssertEqual(line, "main_facebook conversations: 3 pages, appended 8, duplicate 0, quarantined 0; cursor \(seconds(7.0 / 6)) (was none)")
        let followed = graph.requests.filter { $0.path == "/\(StandInGraph.version)/t_5000/messages" }
        XCTAssertEqual(followed.map { $0.queryItems?.first { $0.name == "after" }?.value }, ["cursor3", "cursor6"])
        XCTAssertTrue(followed.allSatisfy { $0.queryItems?.contains { $0.name == "since" } == false }, "a thread's messages take no since")
        let kinds = try eventsByKind(platform: "facebook")
        XCTAssertEqual([kinds["inbound_message"], kinds["reply"]], [4, 4], "every message of the thread, the oldest five from its own pages")

        let again = try fetchFacebook(["--account", "main_facebook"])
        XCTAssertTrue(again.out.contains("main_facebook conversations: 1 page, appended 0, duplicate 0, quarantined 0; cursor unchanged"), again.out)
        try assertTheArchiveRebuildsTheLog(archivedFiles())
        assertTokensNowhere([fetched, again])
    }

    func testAFetchKilledMidWalkResumesWithNoGapAndNoDuplicate() throws {
        graph.add(StandInGraphItems.posts(8, page: Self.council, first: Self.first, prefix: 1000), page: Self.council, edge: "feed")
        graph.script(.init(pathSuffix: "\(Self.council)/feed", cursor: "cursor3", kind: .delay(30)))
        // The second page is slow to come: the fetch is killed while it waits for it.
        try killFetch(["--platform", "facebook", "--account", "main_facebook", "--timeout", "60s"]) {
            self.graph.requests.contains { $0.queryItems?.contains(URLQueryItem(name: "after", value: "cursor3")) ?? false }
        }
        XCTAssertEqual(try eventIDs().count, 3 + 3 + 1, "the first page (posts 7, 6, 5 with their comments and one reply) was in when it was killed")
        XCTAssertNil(try cursor("main_facebook", "feed", platform: "facebook"), "a walk cut short leaves the cursor where it was")

        let rerun = try fetchFacebook(["--account", "main_facebook"])
        XCTAssertEqual(rerun.status, 0, rerun.out + rerun.err)
        XCTAssertTrue(rerun.out.hasPrefix("main_facebook feed: 3 pages, appended 13, duplicate 7, quarantined 0; cursor \(seconds(7)) (was none)\n"), rerun.out)

        let uninterrupted = try TestDatabase()
        defer { uninterrupted.drop() }
        XCTAssertEqual(try fetchFacebook(["--account", "main_facebook"], database: uninterrupted).status, 0)
        XCTAssertEqual(try eventIDs(), try eventIDs(in: uninterrupted), "the log equals an uninterrupted run's")
        XCTAssertEqual(try cursor("main_facebook", "feed", platform: "facebook"),
                       try cursor("main_facebook", "feed", platform: "facebook", in: uninterrupted))
        try assertTheArchiveRebuildsTheLog(archivedFiles())
    }

    func testMissingTokensGetOneLineAndTheDefaultFetchTakesInFacebookWhenItsTokensAreSet() throws {
        pageTokens = nil
        let missing = try fetchFacebook()
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.err, "Error: no Facebook Page tokens: set CIVICPULSE_META_PAGE_TOKENS in the environment, or name a credentials file in the pipeline (fetch: credentials:)\n")
        let withoutFacebook = try fetch()
        XCTAssertEqual(withoutFacebook.status, 0, withoutFacebook.out + withoutFacebook.err)
        XCTAssertFalse(withoutFacebook.out.contains("facebook"), "no Page tokens: the default fetch is X's alone")
        XCTAssertTrue(graph.requests.isEmpty)

        addPageContent()
        pageTokens = "\(Self.council)=\(Self.councilToken)"
        let one = try fetch()
        XCTAssertEqual(one.status, 1, "a person must add the libraries Page's token")
        XCTAssertEqual(one.err, "libraries_facebook: not fetched: no Page token for Page \(Self.libraries): add \(Self.libraries)=<Page token> to CIVICPULSE_META_PAGE_TOKENS\n")
        let lines = one.out.split(separator: "\n").map { String($0.prefix { $0 != ":" }) }
        XCTAssertEqual(lines, ["main_twitter mentions", "main_twitter tweets", "other_twitter mentions", "other_twitter tweets", "topic",
                               "main_facebook feed", "main_facebook visitor_posts", "main_facebook conversations", "main_facebook insights"],
                       "X first, then the Page that has its token")
        XCTAssertFalse(graph.requests.contains { $0.path.contains(Self.libraries) })

        let byAccount = try fetch(["--account", "main_facebook"])
        XCTAssertEqual(byAccount.status, 0, byAccount.out + byAccount.err)
        XCTAssertTrue(byAccount.out.hasPrefix("main_facebook feed: 1 page, appended 0"), "--account alone names the platform: \(byAccount.out)")
        assertTokensNowhere([missing, one, byAccount])
    }

    /// The tokens are in every request's query string and in Graph's paging URLs: they must not
    /// reach output, archive names or archived bodies.
    private func assertTokensNowhere(_ runs: [(status: Int32, out: String, err: String)], file: StaticString = #filePath, line: UInt = #line) {
        for secret in [Self.councilToken, Self.librariesToken, Self.appSecret] {
            for run in runs {
                XCTAssertFalse((run.out + run.err).contains(secret), "a secret is never printed", file: file, line: line)
            }
            for path in archivedFiles() {
                XCTAssertFalse(path.contains(secret), path, file: file, line: line)
                XCTAssertFalse(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self).contains(secret), path, file: file, line: line)
            }
        }
    }
}
