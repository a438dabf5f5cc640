@testable import CivicPulseFetch
import CivicPulseCore
import XCTest

/// What the X client asks for and how it reads X's answers, without a network.
final class XClientTests: XCTestCase {
    let client = XClient(base: URL(string: "http://127.0.0.1:9")!, token: BearerToken("s3cret-token"))
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let policy = RetryPolicy(maxRetries: 2, baseDelay: .seconds(1), maxDelay: .seconds(8), maxRateLimitWait: .seconds(60))

    func config() throws -> PipelineConfig {
        try PipelineConfig.parse(yaml: """
            org: test
            services: { desk: { name: Desk } }
            accounts:
              main_twitter: { platform: twitter, handle: MainCC, id: "900000000000000001", service: desk }
              by_handle_only: { platform: twitter, handle: NoID, service: desk }
              main_facebook: { platform: facebook, id: "610000000000001", service: desk }
            topics:
              flooding: { include: [flood, burst banks, "#flood"], exclude: [floodlight] }
            sla: { targets: [{ target: 2 working days }] }
            """, file: "test.yaml")
    }

    func testTargetsAreEachTwitterAccountsMentionsAndTweetsAndASearchPerTopic() throws {
        let targets = client.targets(in: try config(), account: nil)
        XCTAssertEqual(targets.map { "\($0.account) \($0.endpoint) \($0.path)" }, [
            "main_twitter mentions /2/users/900000000000000001/mentions",
            "main_twitter tweets /2/users/900000000000000001/tweets",
            "topic:flooding search /2/tweets/search/recent",
        ])
        XCTAssertEqual(targets[2].query.first?.1, "(flood OR \"burst banks\" OR #flood) -floodlight")
        XCTAssertEqual(client.targets(in: try config(), account: "main_twitter").count, 2, "one account: no topic searches")
    }

    func testRequestsCarryTheFullFieldSetAndThePagingParameters() throws {
        let targets = client.targets(in: try config(), account: nil)
        let mentions = URLComponents(url: client.url(for: targets[0], sinceID: "123", pageToken: "tok"), resolvingAgainstBaseURL: false)!
        let items = Dictionary(uniqueKeysWithValues: mentions.queryItems!.map { ($0.name, $0.value!) })
        XCTAssertEqual(items["since_id"], "123")
        XCTAssertEqual(items["pagination_token"], "tok")
        XCTAssertEqual(items["max_results"], "100")
        XCTAssertEqual(items["expansions"], "author_id,referenced_tweets.id,in_reply_to_user_id")
        XCTAssertEqual(items["user.fields"], "username,name")
        for field in ["created_at", "conversation_id", "in_reply_to_user_id", "referenced_tweets", "author_id", "public_metrics", "entities"] {
            XCTAssertTrue(items["tweet.fields"]!.split(separator: ",").contains(Substring(field)), field)
        }
        let search = URLComponents(url: client.url(for: targets[2], sinceID: nil, pageToken: "next"), resolvingAgainstBaseURL: false)!
        XCTAssertEqual(search.queryItems?.first { $0.name == "next_token" }?.value, "next", "search pages with next_token")
        XCTAssertNil(search.queryItems?.first { $0.name == "since_id" })
        XCTAssertTrue(client.url(for: targets[2], sinceID: nil, pageToken: nil).absoluteString.contains("%23flood"), "# is encoded")
    }

    func testTheTokenIsSentButNeverDescribed() {
        XCTAssertEqual(client.headers().first { $0.0 == "Authorization" }?.1, "Bearer s3cret-token")
        XCTAssertFalse("\(BearerToken("s3cret-token"))".contains("s3cret"))
        XCTAssertFalse(String(reflecting: BearerToken("s3cret-token")).contains("s3cret"))
    }

    func testARevokedTokenStopsTheAccountAndSaysWhatToRenew() {
        for status in [401, 403] {
            guard case .stopAccount(let stop) = action(status) else { return XCTFail("\(status) must stop the account") }
            XCTAssertTrue(stop.needsPerson)
            XCTAssertTrue(stop.reason.contains("CIVICPULSE_X_BEARER_TOKEN"), stop.reason)
        }
    }

    func testA429WaitsForAResetWithinTheLimitAndStopsTheAccountBeyondIt() {
        XCTAssertEqual(action(429, headers: ["x-rate-limit-reset": "\(Int(now.timeIntervalSince1970) + 30)"]),
                       .waitUntil(now.addingTimeInterval(31)))
        guard case .stopAccount(let stop) = action(429, headers: ["x-rate-limit-reset": "\(Int(now.timeIntervalSince1970) + 600)"]) else {
            return XCTFail("a reset beyond --max-wait stops the account")
        }
        XCTAssertFalse(stop.needsPerson, "the next run carries on by itself")
    }

    func testAUsedUpWindowWaitsBeforeTheNextPage() {
        let spent = HTTPResponse(status: 200, headers: ["X-Rate-Limit-Remaining": "0", "x-rate-limit-reset": "\(Int(now.timeIntervalSince1970) + 10)"], body: Data())
        XCTAssertEqual(client.pace(after: spent, now: now, policy: policy), .waitUntil(now.addingTimeInterval(11)))
        let left = HTTPResponse(status: 200, headers: ["x-rate-limit-remaining": "3"], body: Data())
        XCTAssertEqual(client.pace(after: left, now: now, policy: policy), .page)
    }

    func testServerErrorsAreRetriedWithBoundedJitteredBackoffThenStopTheWalk() {
        XCTAssertEqual(action(500, attempt: 1, jitter: 0), .retry(after: .seconds(1)))
        XCTAssertEqual(action(503, attempt: 2, jitter: 0), .retry(after: .seconds(2)))
        XCTAssertEqual(action(502, attempt: 2, jitter: 1), .retry(after: .seconds(1)), "jitter takes up to half off")
        guard case .stopWalk(let stop) = action(500, attempt: 3, jitter: 0) else { return XCTFail("retries are bounded") }
        XCTAssertTrue(stop.needsPerson)
        XCTAssertEqual(policy.backoff(attempt: 30, jitter: 0), .seconds(8), "capped")
    }

    func testMetaReadsPagingAndTellsAPageFromAnErrorOrGarbage() {
        XCTAssertEqual(client.meta(of: Data(#"{"data":[],"meta":{"newest_id":"1860000000000000001","next_token":"x"}}"#.utf8)),
                       PageMeta(nextToken: "x", newestID: "1860000000000000001"))
        XCTAssertEqual(client.meta(of: Data(#"{"meta":{"result_count":0}}"#.utf8)), PageMeta(nextToken: nil, newestID: nil))
        XCTAssertEqual(client.meta(of: Data(#"{"errors":[{"title":"x"}]}"#.utf8))?.isError, true)
        XCTAssertNil(client.meta(of: Data(#"{"data":[{"id":"1","te"#.utf8)), "a truncated body is no page")
    }

    private func action(_ status: Int, headers: [String: String] = [:], attempt: Int = 1, jitter: Double = 0) -> ResponseAction {
        client.action(for: HTTPResponse(status: status, headers: headers, body: Data()), attempt: attempt, now: now, policy: policy, jitter: jitter)
    }
}
