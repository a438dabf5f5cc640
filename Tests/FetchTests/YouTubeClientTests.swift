@testable import CivicPulseFetch
import CivicPulseCore
import XCTest

/// What the YouTube client asks for and how it reads YouTube's answers, without a network.
final class YouTubeClientTests: XCTestCase {
    let key = "AIzaSy-test-key-DO-NOT-PRINT"
    lazy var client = YouTubeClient(base: URL(string: "http://127.0.0.1:9")!, key: BearerToken(key))
    let now = Date(timeIntervalSince1970: 1_800_000_000) // 2027-01-15T08:00:00Z
    let policy = RetryPolicy(maxRetries: 2, baseDelay: .seconds(1), maxDelay: .seconds(8), maxRateLimitWait: .seconds(60))

    func config() throws -> PipelineConfig {
        try PipelineConfig.parse(yaml: """
            org: test
            services: { desk: { name: Desk } }
            accounts:
              main_youtube: { platform: youtube, id: UCHarbourside-Council-01, service: desk }
              libraries_youtube: { platform: youtube, id: UCHarbour-Libraries-0002, service: desk }
              by_handle_only: { platform: youtube, handle: NoID, service: desk }
              main_twitter: { platform: twitter, id: "1", service: desk }
            sla: { targets: [{ target: 2 working days }] }
            """, file: "test.yaml")
    }

    private func items(_ url: URL) -> [String: String] {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
        return Dictionary(uniqueKeysWithValues: components.queryItems!.map { ($0.name, $0.value!) })
    }

    func testTargetsAreEachChannelsCommentThreadsThenItsVideosThenItsStatistics() throws {
        let targets = client.targets(in: try config(), account: nil)
        XCTAssertEqual(targets.map { "\($0.account) \($0.endpoint) \($0.path)" }, [
            "main_youtube comments /youtube/v3/commentThreads",
            "main_youtube videos /youtube/v3/videos",
            "main_youtube channel /youtube/v3/channels",
            "libraries_youtube comments /youtube/v3/commentThreads",
            "libraries_youtube videos /youtube/v3/videos",
            "libraries_youtube channel /youtube/v3/channels",
        ])
        XCTAssertEqual(targets.map { $0.lateQuery != nil }, [false, true, false, false, true, false],
                       "the video ids are read from the log once the comment threads are in")
        XCTAssertEqual(client.targets(in: try config(), account: "libraries_youtube").count, 3)

        let comments = items(client.url(for: targets[0], sinceID: "2026-11-17T09:00:00Z", pageToken: nil))
        XCTAssertEqual(comments["allThreadsRelatedToChannelId"], "UCHarbourside-Council-01")
        XCTAssertEqual(comments["part"], "snippet,replies")
        XCTAssertEqual(comments["maxResults"], "100")
        XCTAssertEqual(comments["order"], "time")
        XCTAssertNil(comments["key"], "the key goes in a header")
        XCTAssertNil(comments["pageToken"])
        XCTAssertEqual(comments.count, 4, "no since parameter: YouTube has none")
        XCTAssertEqual(items(client.url(for: targets[1], sinceID: nil, pageToken: nil))["part"], "snippet,statistics")
        XCTAssertEqual(items(client.url(for: targets[2], sinceID: nil, pageToken: nil))["id"], "UCHarbourside-Council-01")
        XCTAssertEqual(items(client.url(for: targets[2], sinceID: nil, pageToken: nil))["part"], "statistics")
    }

    /// The key travels in `X-Goog-Api-Key`, so no URL (which proxies and servers log) holds it.
    func testPageTokensAreSentWholeAndTheKeyOnlyInAHeader() throws {
        let target = client.targets(in: try config(), account: nil)[0]
        let url = client.url(for: target, sinceID: nil, pageToken: "QURTSl+pMn/w==")
        XCTAssertEqual(items(url)["pageToken"], "QURTSl+pMn/w==", "a base64 + is not turned into a space")
        XCTAssertTrue(url.absoluteString.hasPrefix("http://127.0.0.1:9/youtube/v3/commentThreads?"))
        XCTAssertFalse(url.absoluteString.contains(key), url.absoluteString)
        XCTAssertEqual(client.headers().filter { $0.1 == key }.map(\.0), ["X-Goog-Api-Key"])
        XCTAssertFalse("\(client)".contains(key), "the key is not in the client's description")
    }

    func testMetaReadsTheNextPageTokenAndTheNewestThreadActivity() {
        let page = Data("""
            {"kind":"youtube#commentThreadListResponse","nextPageToken":"p2","items":[
              {"kind":"youtube#commentThread","id":"t1","snippet":{"topLevelComment":{"snippet":{"publishedAt":"2026-03-02T09:15:00.000Z","updatedAt":"2026-03-02T09:15:00.000Z"}}},
               "replies":{"comments":[{"snippet":{"publishedAt":"2026-03-04T18:00:00Z","updatedAt":"2026-03-05T07:30:00.250Z"}}]}},
              {"kind":"youtube#commentThread","id":"t2","snippet":{"topLevelComment":{"snippet":{"publishedAt":"2026-03-03T10:00:00Z","updatedAt":"2026-03-03T10:00:00Z"}}}}
            ]}
            """.utf8)
        XCTAssertEqual(client.meta(of: page), PageMeta(nextToken: "p2", newestID: "2026-03-05T07:30:00Z"),
                       "a thread's latest activity is its newest reply or edit, to the second")
        XCTAssertEqual(client.meta(of: Data(#"{"kind":"youtube#videoListResponse","items":[{"kind":"youtube#video","id":"v"}]}"#.utf8)),
                       PageMeta(nextToken: nil, newestID: nil), "statistics carry no mark")
        XCTAssertEqual(client.meta(of: Data(#"{"error":{"code":403,"errors":[{"reason":"quotaExceeded"}]}}"#.utf8))?.isError, true)
        XCTAssertNil(client.meta(of: Data(#"{"kind":"youtube#commentThreadListResponse","ite"#.utf8)), "a truncated body is no page")
    }

    func testAUsedUpQuotaStopsThePlatformUntilMidnightPacific() throws {
        let body = try Data(contentsOf: Self.fixture("error-quota-exceeded.json"))
        guard case .stopPlatform(let stop) = action(403, body: body) else { return XCTFail("quotaExceeded stops every youtube walk") }
        XCTAssertFalse(stop.needsPerson, "the quota resets by itself")
        // 2027-01-15T08:00:00Z is 00:00 PST on the 15th: the next reset is 00:00 PST on the 16th.
        XCTAssertEqual(stop.reason, "YouTube's daily quota is used up (HTTP 403 quotaExceeded): it resets at midnight Pacific time (2027-01-16T08:00:00Z); fetch carries on next run")
        XCTAssertEqual(YouTubeClient.quotaReset(after: Date(timeIntervalSince1970: 1_783_000_000)), // 2026-07-02T13:46:40Z, 06:46 PDT
                       ISO8601DateFormatter().date(from: "2026-07-03T07:00:00Z"), "summer time: midnight is 07:00 UTC")
    }

    func testARefusedKeyStopsThePlatformAndSaysWhatToRenew() {
        let oldStyle = Data(#"{"error":{"code":400,"message":"Bad Request","errors":[{"message":"Bad Request","domain":"usageLimits","reason":"keyInvalid"}]}}"#.utf8)
        let newStyle = Data(#"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","errors":[{"message":"API key not valid. Please pass a valid API key.","domain":"global","reason":"badRequest"}],"status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}"#.utf8)
        for body in [oldStyle, newStyle] {
            guard case .stopPlatform(let stop) = action(400, body: body) else { return XCTFail("a refused key stops every youtube walk") }
            XCTAssertTrue(stop.needsPerson)
            XCTAssertTrue(stop.reason.hasPrefix("YouTube refused the API key (HTTP 400 "), stop.reason)
            XCTAssertTrue(stop.reason.hasSuffix("and set CIVICPULSE_YOUTUBE_API_KEY"), stop.reason)
        }
        guard case .stopWalk(let other) = action(400, body: Data(#"{"error":{"code":400,"message":"Invalid page token.","errors":[{"reason":"invalidPageToken"}]}}"#.utf8)) else {
            return XCTFail("another bad request stops that walk only")
        }
        XCTAssertEqual(other.reason, "YouTube answered HTTP 400 (invalidPageToken): Invalid page token.")
    }

    func testServerErrorsAndShortRateLimitsAreRetriedWithinThePolicyThenStopTheWalk() {
        XCTAssertEqual(action(500, attempt: 1), .retry(after: .seconds(1)))
        XCTAssertEqual(action(503, attempt: 2), .retry(after: .seconds(2)))
        XCTAssertEqual(action(403, body: Data(#"{"error":{"code":403,"errors":[{"reason":"rateLimitExceeded"}]}}"#.utf8), attempt: 1), .retry(after: .seconds(1)))
        guard case .stopWalk(let stop) = action(502, attempt: 3) else { return XCTFail("retries are bounded") }
        XCTAssertEqual(stop.reason, "YouTube kept failing (HTTP 502) after 2 retries")
        XCTAssertEqual(client.pace(after: HTTPResponse(status: 200, headers: [:], body: Data()), now: now, policy: policy), .page)
    }

    private func action(_ status: Int, body: Data = Data(), attempt: Int = 1) -> ResponseAction {
        client.action(for: HTTPResponse(status: status, headers: [:], body: body), attempt: attempt, now: now, policy: policy, jitter: 0)
    }

    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CivicPulseIngestTests/Fixtures/youtube/\(name)")
    }
}
