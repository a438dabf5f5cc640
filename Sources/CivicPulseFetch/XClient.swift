import CivicPulseCore
import Foundation

/// X API v2: each twitter account's mentions and own tweets (which carry its replies), and a
/// recent search per listening topic, with the fields and expansions the v2 reader uses.
public struct XClient: PlatformClient {
    public static let baseVariable = "CIVICPULSE_X_API_BASE"
    public let platform = "twitter"
    public let credentialHint = "renew the app's bearer token in the X developer portal and set \(Credentials.xBearerToken)"
    /// X's endpoints take the user id; a handle alone would cost a lookup per run.
    public let accountIDNeed = "X needs the account's numeric user id"

    private let base: URL
    private let token: BearerToken

    /// - Parameter base: the API's root, `https://api.x.com` unless overridden (tests, staging).
    public init(base: URL, token: BearerToken) {
        self.base = base
        self.token = token
    }

    /// The client for `environment`'s base URL override, if any.
    public init(environment: [String: String], token: BearerToken) {
        let base = environment[Self.baseVariable].flatMap { URL(string: $0) } ?? URL(string: "https://api.x.com")!
        self.init(base: base, token: token)
    }

    /// The fields and expansions the v2 reader needs to tell replies, mentions and retweets apart.
    static let fields: [(String, String)] = [
        ("tweet.fields", "created_at,conversation_id,in_reply_to_user_id,referenced_tweets,author_id,public_metrics,entities,lang"),
        ("expansions", "author_id,referenced_tweets.id,in_reply_to_user_id"),
        ("user.fields", "username,name"),
        ("max_results", "100"),
    ]

    public func targets(in config: PipelineConfig, account: String?) -> [FetchTarget] {
        var targets: [FetchTarget] = []
        for candidate in config.accounts where candidate.platform == platform && (account == nil || candidate.id == account) {
            guard let id = candidate.platformID else { continue }
            targets.append(FetchTarget(account: candidate.id, endpoint: "mentions", path: "/2/users/\(id)/mentions", query: Self.fields, source: .twitter))
            targets.append(FetchTarget(account: candidate.id, endpoint: "tweets", path: "/2/users/\(id)/tweets", query: Self.fields, source: .twitter))
        }
        guard account == nil else { return targets }
        for topic in config.topics {
            targets.append(FetchTarget(account: "topic:\(topic.id)", endpoint: "search", path: "/2/tweets/search/recent",
                                       query: [("query", Self.searchQuery(topic))] + Self.fields, source: .twitter))
        }
        return targets
    }

    /// A topic as X's search syntax: any include term, none of the exclude terms.
    static func searchQuery(_ topic: PipelineConfig.Topic) -> String {
        func term(_ text: String) -> String {
            text.contains(where: { $0 == " " || $0 == "-" }) ? "\"\(text.replacingOccurrences(of: "\"", with: ""))\"" : text
        }
        let include = topic.include.terms.map(term)
        let any = include.count == 1 ? include[0] : "(\(include.joined(separator: " OR ")))"
        return ([any] + topic.exclude.terms.map { "-\(term($0))" }).joined(separator: " ")
    }

    public func url(for target: FetchTarget, sinceID: String?, pageToken: String?) -> URL {
        var components = URLComponents(url: base.appendingPathComponent(target.path), resolvingAgainstBaseURL: false)!
        var items = target.query.map { URLQueryItem(name: $0.0, value: $0.1) }
        if let sinceID { items.append(URLQueryItem(name: "since_id", value: sinceID)) }
        // Search pages with `next_token`, the user timelines with `pagination_token`.
        if let pageToken { items.append(URLQueryItem(name: target.endpoint == "search" ? "next_token" : "pagination_token", value: pageToken)) }
        components.queryItems = items
        // URLComponents leaves `+` as it is, which a server reads as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.url!
    }

    public func headers() -> [(String, String)] {
        [("Authorization", "Bearer \(token.value)"), ("User-Agent", "civicpulse-fetch")]
    }

    public func meta(of body: Data) -> PageMeta? {
        guard let page = try? JSONValue.parse(body), page.objectValue != nil else { return nil }
        let meta = page["meta"]
        return PageMeta(nextToken: meta?["next_token"]?.stringValue, newestID: meta?["newest_id"]?.idString,
                        isError: page["data"] == nil && meta == nil)
    }

    public func action(for response: HTTPResponse, attempt: Int, now: Date, policy: RetryPolicy, jitter: Double) -> ResponseAction {
        switch response.status {
        case 200..<300:
            return .page
        case 401, 403:
            return .stopAccount(Stop("X refused the bearer token (HTTP \(response.status)): \(credentialHint)", needsPerson: true))
        case 429:
            return RateLimit(response).waitForReset(now: now, policy: policy, what: "rate limited by X (HTTP 429)")
        case 500..<600:
            guard attempt <= policy.maxRetries else {
                return .stopWalk(Stop("X kept failing (HTTP \(response.status)) after \(policy.maxRetries) retries", needsPerson: true))
            }
            return .retry(after: policy.backoff(attempt: attempt, jitter: jitter))
        default:
            return .stopWalk(Stop("X answered HTTP \(response.status)\(Self.problemTitle(response.body).map { ": \($0)" } ?? "")", needsPerson: true))
        }
    }

    public func pace(after response: HTTPResponse, now: Date, policy: RetryPolicy) -> ResponseAction {
        let limit = RateLimit(response)
        guard limit.remaining == 0 else { return .page }
        return limit.waitForReset(now: now, policy: policy, what: "X's rate limit is used up")
    }

    /// The `title` of an X problem body, which says what was wrong with a request, and holds no secret.
    private static func problemTitle(_ body: Data) -> String? {
        (try? JSONValue.parse(body))?["title"]?.stringValue
    }
}
