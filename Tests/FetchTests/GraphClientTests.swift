@testable import CivicPulseFetch
import CivicPulseCore
import XCTest

/// What the Graph client asks for and how it reads Graph's answers, without a network.
final class GraphClientTests: XCTestCase {
    let client = GraphClient(base: URL(string: "http://127.0.0.1:9")!,
                             tokens: ["110000000000001": BearerToken("EAAPage1"), "110000000000002": BearerToken("EAAPage2")],
                             appSecret: BearerToken("app-secret"))
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let policy = RetryPolicy(maxRetries: 2, baseDelay: .seconds(1), maxDelay: .seconds(8), maxRateLimitWait: .seconds(30 * 60))

    func config() throws -> PipelineConfig {
        try PipelineConfig.parse(yaml: """
            org: test
            services: { desk: { name: Desk } }
            accounts:
              main_facebook: { platform: facebook, id: "110000000000001", service: desk }
              libraries_facebook: { platform: facebook, id: "110000000000002", service: desk }
              main_twitter: { platform: twitter, id: "1", service: desk }
            sla: { targets: [{ target: 2 working days }] }
            """, file: "test.yaml")
    }

    private func items(_ url: URL) -> [String: String] {
        Dictionary(uniqueKeysWithValues: URLComponents(url: url, resolvingAgainstBaseURL: false)!.queryItems!.map { ($0.name, $0.value!) })
    }

    func testEachPageIsAskedWithItsOwnTokenAndItsProof() throws {
        let targets = client.targets(in: try config(), account: nil)
        XCTAssertEqual(targets.map { "\($0.account) \($0.endpoint) \($0.path)" }, [
            "main_facebook feed /v21.0/110000000000001/feed",
            "main_facebook visitor_posts /v21.0/110000000000001/visitor_posts",
            "main_facebook conversations /v21.0/110000000000001/conversations",
            "main_facebook insights /v21.0/110000000000001/insights",
            "libraries_facebook feed /v21.0/110000000000002/feed",
            "libraries_facebook visitor_posts /v21.0/110000000000002/visitor_posts",
            "libraries_facebook conversations /v21.0/110000000000002/conversations",
            "libraries_facebook insights /v21.0/110000000000002/insights",
        ])
        let feed = items(client.url(for: targets[4], sinceID: "1772179200", pageToken: "QVFIUmFm"))
        XCTAssertEqual(feed["access_token"], "EAAPage2")
        XCTAssertEqual(feed["appsecret_proof"], AppSecretProof.hex(token: BearerToken("EAAPage2"), appSecret: BearerToken("app-secret")))
        XCTAssertNotEqual(feed["appsecret_proof"], items(client.url(for: targets[0], sinceID: nil, pageToken: nil))["appsecret_proof"])
        XCTAssertEqual(feed["since"], "1772179200")
        XCTAssertEqual(feed["after"], "QVFIUmFm")
        XCTAssertTrue(feed["fields"]!.contains("comments.limit(100){"), feed["fields"]!)
        let insights = items(client.url(for: targets[3], sinceID: nil, pageToken: nil))
        XCTAssertNil(insights["period"], "every period Graph has: day, week and days_28")
        XCTAssertTrue(insights["metric"]!.contains("page_impressions"))
        let conversations = items(client.url(for: targets[2], sinceID: nil, pageToken: nil))
        XCTAssertEqual(conversations["platform"], "messenger")
        XCTAssertTrue(conversations["fields"]!.contains("messages.limit(100){id,created_time,from,to,message"), conversations["fields"]!)
        XCTAssertFalse("\(client)".contains("EAAPage"), "no token in the client's description")
    }

    func testWithoutTheAppSecretNoProofIsSentAndAPageWithoutATokenIsNotAsked() throws {
        let unsigned = GraphClient(base: URL(string: "http://127.0.0.1:9")!, tokens: ["110000000000001": BearerToken("EAAPage1")], appSecret: nil)
        let config = try config()
        let targets = unsigned.targets(in: config, account: nil)
        XCTAssertEqual(Set(targets.map(\.account)), ["main_facebook"], "no token for the libraries Page: nothing asked for it")
        let asked = items(unsigned.url(for: targets[0], sinceID: nil, pageToken: nil))
        XCTAssertEqual(asked["access_token"], "EAAPage1")
        XCTAssertNil(asked["appsecret_proof"])
        let libraries = try XCTUnwrap(config.accounts.first { $0.id == "libraries_facebook" })
        XCTAssertEqual(unsigned.missingCredential(for: libraries),
                       "no Page token for Page 110000000000002: add 110000000000002=<Page token> to CIVICPULSE_META_PAGE_TOKENS")
        XCTAssertNil(unsigned.missingCredential(for: config.accounts.first { $0.id == "main_facebook" }!))
    }

    func testTheTokenAndProofThatPagingURLsRepeatAreRedactedBeforeTheArchive() {
        let body = Data(#"{"data":[{"id":"1_2","message":"access_token is a word here","created_time":"2026-03-03T08:00:00+0000"}],"paging":{"cursors":{"after":"QVFI"},"next":"https://graph.facebook.com/v21.0/1/feed?access_token=EAAPage1&appsecret_proof=5bdc&limit=100&after=QVFI","previous":"https://graph.facebook.com/v21.0/1/feed?limit=100&access_token=EAAPage1"}}"#.utf8)
        let archived = client.archivable(body)
        let text = String(decoding: archived, as: UTF8.self)
        XCTAssertFalse(text.contains("EAAPage1"), text)
        XCTAssertFalse(text.contains("5bdc"), text)
        XCTAssertTrue(text.contains("feed?access_token=REDACTED&appsecret_proof=REDACTED&limit=100&after=QVFI"), text)
        XCTAssertTrue(text.contains("\"message\":\"access_token is a word here\""), "only a query parameter's value changes")
        XCTAssertEqual(client.meta(of: archived), client.meta(of: body))
        let cut = body.prefix(body.count - 5) // cut short inside the last token: redacted all the same
        XCTAssertFalse(String(decoding: client.archivable(cut), as: UTF8.self).contains("EAAP"))
    }

    func testInsightsAreOnePageTheirNextWalksIntoPeriodsNotOverYet() {
        let page = Data("""
            {"data":[{"name":"page_impressions","period":"day","values":[{"value":4,"end_time":"2026-03-03T08:00:00+0000"}],"id":"1/insights/page_impressions/day"}],
             "paging":{"previous":"https://graph.facebook.com/v21.0/1/insights?since=1772352000&until=1772524800","next":"https://graph.facebook.com/v21.0/1/insights?since=1772697600&until=1772870400"}}
            """.utf8)
        XCTAssertEqual(client.meta(of: page), PageMeta(nextToken: nil, newestID: nil))
    }

    func testMetaFollowsTheAfterCursorWhileThereIsANextPageAndMarksTheNewestTime() {
        let page = Data("""
            {"data":[{"id":"1_2","created_time":"2026-03-03T08:00:00+0000"},{"id":"1_3","created_time":"2026-03-02T08:00:00+0000","updated_time":"2026-03-04T09:00:00+0000"}],
             "paging":{"cursors":{"before":"b","after":"QVFIUmFm"},"next":"https://graph.facebook.com/v21.0/1/feed?after=QVFIUmFm"}}
            """.utf8)
        XCTAssertEqual(client.meta(of: page), PageMeta(nextToken: "QVFIUmFm", newestID: "\(1_772_614_800)"))
        let byTime = Data(#"{"data":[{"id":"1_2","created_time":"2026-03-03T08:00:00+0000"}],"paging":{"previous":"https://graph.facebook.com/v21.0/1/feed?since=1772524800&access_token=EAAPage1","next":"https://graph.facebook.com/v21.0/1/feed?access_token=EAAPage1&until=1772438400&__paging_token=enc"}}"#.utf8)
        XCTAssertEqual(client.meta(of: byTime)?.nextToken, "until:1772438400", "the feed pages by time; the token in the URL is not kept")
        let target = client.targets(in: try! config(), account: "main_facebook")[0]
        let asked = items(client.url(for: target, sinceID: "1772000000", pageToken: "until:1772438400"))
        XCTAssertEqual(asked["until"], "1772438400")
        XCTAssertNil(asked["after"])
        let last = Data(#"{"data":[],"paging":{"cursors":{"before":"b","after":"a"}}}"#.utf8)
        XCTAssertEqual(client.meta(of: last), PageMeta(nextToken: nil, newestID: nil), "no next: the last page")
        XCTAssertEqual(client.meta(of: Data(#"{"error":{"code":190,"type":"OAuthException"}}"#.utf8))?.isError, true)
    }

    func testAnExpiredTokenStopsThatPageAndSaysWhatToRenew() throws {
        let body = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CivicPulseIngestTests/Fixtures/facebook/error-190-expired-token.json"))
        guard case .stopAccount(let stop) = action(400, body: body) else { return XCTFail("190 stops that Page only") }
        XCTAssertTrue(stop.needsPerson)
        XCTAssertTrue(stop.reason.hasPrefix("Facebook refused this Page's token (code 190, expired or revoked): Error validating access token"), stop.reason)
        XCTAssertTrue(stop.reason.hasSuffix("set it in CIVICPULSE_META_PAGE_TOKENS"), stop.reason)
    }

    func testThrottlingWaitsForTheEstimateOrStopsThePageBeyondTheLongestWait() {
        for code in [4, 17, 32, 613] {
            let usage = #"{"110000000000001":[{"type":"pages","call_count":100,"total_cputime":40,"total_time":60,"estimated_time_to_regain_access":5}]}"#
            XCTAssertEqual(action(400, body: Data(#"{"error":{"code":\#(code),"type":"OAuthException"}}"#.utf8), headers: ["X-Business-Use-Case-Usage": usage]),
                           .waitUntil(now.addingTimeInterval(5 * 60 + 1)), "code \(code)")
        }
        let long = #"{"110000000000001":[{"call_count":100,"estimated_time_to_regain_access":120}]}"#
        guard case .stopAccount(let stop) = action(400, body: Data(#"{"error":{"code":32}}"#.utf8), headers: ["x-business-use-case-usage": long]) else {
            return XCTFail("two hours is beyond --max-wait")
        }
        XCTAssertFalse(stop.needsPerson, "the next run carries on")
    }

    func testUsageAt95PercentPausesBeforeTheNextPage() {
        let busy = HTTPResponse(status: 200, headers: ["X-App-Usage": #"{"call_count":96,"total_time":10,"total_cputime":10}"#], body: Data())
        XCTAssertEqual(client.pace(after: busy, now: now, policy: policy), .waitUntil(now.addingTimeInterval(15 * 60 + 1)))
        let calm = HTTPResponse(status: 200, headers: ["X-App-Usage": #"{"call_count":40,"total_time":10,"total_cputime":10}"#], body: Data())
        XCTAssertEqual(client.pace(after: calm, now: now, policy: policy), .page)
        XCTAssertEqual(client.pace(after: HTTPResponse(status: 200, headers: [:], body: Data()), now: now, policy: policy), .page)
    }

    func testServerErrorsAreRetriedThenStopTheWalk() {
        XCTAssertEqual(action(500), .retry(after: .seconds(1)))
        guard case .stopWalk = action(503, attempt: 3) else { return XCTFail("bounded") }
        guard case .stopWalk(let other) = action(400, body: Data(#"{"error":{"code":100,"message":"Invalid parameter"}}"#.utf8)) else { return XCTFail() }
        XCTAssertEqual(other.reason, "Facebook answered HTTP 400 (code 100): Invalid parameter")
    }

    private func action(_ status: Int, body: Data = Data(), headers: [String: String] = [:], attempt: Int = 1) -> ResponseAction {
        client.action(for: HTTPResponse(status: status, headers: headers, body: body), attempt: attempt, now: now, policy: policy, jitter: 0)
    }
}
