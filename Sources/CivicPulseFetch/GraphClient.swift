import CivicPulseCore
import Foundation

/// Graph API, per Facebook Page: its feed (the Page's and others' posts, with their comments and
/// replies), visitor posts, Messenger conversations with their messages, and Page Insights (day,
/// week and 28 days), in the shapes the Graph reader reads (docs/sources/facebook.md).
///
/// Each Page has its own token (``MetaPageTokens``), sent as `access_token`, with its
/// `appsecret_proof` (``AppSecretProof``) when the app secret is set: URLs here hold a secret and
/// are never printed. A Page with no token is not asked at all (``missingCredential(for:)``).
/// Lists take `since` (Unix seconds), the mark being the newest `created_time`/`updated_time`
/// seen. Edges page with `after` cursors; the feed pages by time (`paging.next` carries `until`
/// and no cursors), kept as the page token `until:<seconds>` and sent as `until`. Insights are
/// one page a run: their `paging.next` walks forward into periods not over yet. A Messenger
/// thread with more messages than its page holds is followed through its own `/messages` pages.
public struct GraphClient: PlatformClient {
    public static let baseVariable = "CIVICPULSE_GRAPH_API_BASE"
    static let version = "v21.0"
    public let platform = "facebook"
    public let credentialHint = "renew the Page's access token (a long-lived Page token from /me/accounts, granted pages_read_engagement, pages_messaging, read_insights and pages_manage_metadata) and set it in \(Credentials.metaPageTokens)"
    public let accountIDNeed = "the Graph API needs the Page's numeric id"

    private let base: URL
    private let tokens: [String: BearerToken]
    private let appSecret: BearerToken?

    /// - Parameters:
    ///   - base: the API's root, `https://graph.facebook.com` unless overridden (tests, staging).
    ///   - tokens: Page access tokens by Page id.
    ///   - appSecret: the Meta app's secret, which signs each request; nil when the app does not
    ///     require `appsecret_proof`.
    public init(base: URL, tokens: [String: BearerToken], appSecret: BearerToken?) {
        self.base = base
        self.tokens = tokens
        self.appSecret = appSecret
    }

    /// The client for `credentials` (Page tokens required, the app secret if set) and `environment`'s
    /// base URL override, if any.
    public init(environment: [String: String], credentials: Credentials) throws {
        let base = environment[Self.baseVariable].flatMap { URL(string: $0) } ?? URL(string: "https://graph.facebook.com")!
        self.init(base: base, tokens: try credentials.metaPageTokens(), appSecret: credentials.optionalMetaAppSecret())
    }

    /// The fields of a post and of the comments and replies under it, as the reader needs them.
    static let postFields = "id,message,created_time,updated_time,from,permalink_url,status_type,"
        + "comments.limit(100){id,message,created_time,from,parent{id},comments.limit(100){id,message,created_time,from,parent{id}}}"
    /// A Messenger message, as the conversations reader needs it.
    static let messageFields = "id,created_time,from,to,message,attachments{mime_type}"
    /// A Messenger thread's messages: the newest 100 on its page, the rest on pages of their own.
    static let conversationFields = "id,updated_time,messages.limit(100){\(messageFields)}"
    /// Page metrics; without `period` Graph answers each in every period it has (day, week, days_28).
    static let insightMetrics = "page_impressions,page_impressions_unique,page_post_engagements,page_fan_adds,page_views_total"

    public func targets(in config: PipelineConfig, account: String?) -> [FetchTarget] {
        var targets: [FetchTarget] = []
        for candidate in config.accounts where candidate.platform == platform && (account == nil || candidate.id == account) {
            guard let page = candidate.platformID, tokens[page] != nil else { continue }
            let root = "/\(Self.version)/\(page)"
            targets.append(FetchTarget(account: candidate.id, endpoint: "feed", path: "\(root)/feed",
                                       query: [("fields", Self.postFields), ("limit", "100")], source: .facebook))
            targets.append(FetchTarget(account: candidate.id, endpoint: "visitor_posts", path: "\(root)/visitor_posts",
                                       query: [("fields", Self.postFields), ("limit", "100")], source: .facebook))
            targets.append(FetchTarget(account: candidate.id, endpoint: "conversations", path: "\(root)/conversations",
                                       query: [("platform", "messenger"), ("fields", Self.conversationFields), ("limit", "50")], source: .facebook))
            targets.append(FetchTarget(account: candidate.id, endpoint: "insights", path: "\(root)/insights",
                                       query: [("metric", Self.insightMetrics)], source: .facebook))
        }
        return targets
    }

    /// The Page whose token signs the request: the one a target's path names (`/v21.0/<page id>/feed`),
    /// or for a thread's messages the Page it belongs to.
    static func pageID(of target: FetchTarget) -> String? {
        if let owner = target.credentialOwner { return owner }
        let parts = target.path.split(separator: "/")
        return parts.count >= 2 ? String(parts[1]) : nil
    }

    /// The threads on a `/conversations` page with more messages than the page holds: each
    /// continues at `/{thread}/messages` from its `messages.paging` cursor, read with the Page's token.
    public func nestedWalks(in body: Data, of target: FetchTarget) -> [(target: FetchTarget, pageToken: String)] {
        guard target.endpoint == "conversations", let page = try? JSONValue.parse(body) else { return [] }
        return (page["data"]?.arrayValue ?? []).compactMap { thread in
            let paging = thread["messages"]?["paging"]
            guard let id = thread["id"]?.stringValue, !id.isEmpty, !id.contains("/"), paging?["next"]?.stringValue != nil,
                  let after = paging?["cursors"]?["after"]?.stringValue, !after.isEmpty else { return nil }
            let messages = FetchTarget(account: target.account, endpoint: target.endpoint, path: "/\(Self.version)/\(id)/messages",
                                       query: [("fields", Self.messageFields), ("limit", "100")], source: target.source,
                                       credentialOwner: Self.pageID(of: target))
            return (messages, after)
        }
    }

    public func url(for target: FetchTarget, sinceID: String?, pageToken: String?) -> URL {
        var components = URLComponents(url: base.appendingPathComponent(target.path), resolvingAgainstBaseURL: false)!
        var items = target.query.map { URLQueryItem(name: $0.0, value: $0.1) }
        if let sinceID { items.append(URLQueryItem(name: "since", value: sinceID)) }
        if let pageToken {
            if pageToken.hasPrefix(Self.untilPrefix) {
                items.append(URLQueryItem(name: "until", value: String(pageToken.dropFirst(Self.untilPrefix.count))))
            } else {
                items.append(URLQueryItem(name: "after", value: pageToken))
            }
        }
        if let page = Self.pageID(of: target), let token = tokens[page] {
            items.append(URLQueryItem(name: "access_token", value: token.value))
            if let appSecret {
                items.append(URLQueryItem(name: "appsecret_proof", value: AppSecretProof.hex(token: token, appSecret: appSecret)))
            }
        }
        components.queryItems = items
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.url!
    }

    public func headers() -> [(String, String)] {
        [("User-Agent", "civicpulse-fetch")]
    }

    /// Graph's paging URLs repeat the request's token and proof: they are redacted before the archive.
    public func archivable(_ body: Data) -> Data {
        QuerySecretRedaction.redact(body, parameters: ["access_token", "appsecret_proof"])
    }

    /// A Page without a token in ``Credentials/metaPageTokens`` is left out of ``targets(in:account:)``.
    public func missingCredential(for account: PipelineConfig.Account) -> String? {
        guard account.platform == platform, let page = account.platformID, tokens[page] == nil else { return nil }
        return "no Page token for Page \(page): add \(page)=<Page token> to \(Credentials.metaPageTokens)"
    }

    /// Marks a time-based page token: `until:1772179200`.
    static let untilPrefix = "until:"

    /// While `paging.next` says there is more: its `after` cursor, or for time-based paging its
    /// `until` (never the whole URL, which holds the token); and the newest time on the page as
    /// Unix seconds (what `since` takes).
    public func meta(of body: Data) -> PageMeta? {
        guard let page = try? JSONValue.parse(body), page.objectValue != nil else { return nil }
        guard page["error"] == nil, let data = page["data"]?.arrayValue else { return PageMeta(nextToken: nil, newestID: nil, isError: true) }
        let paging = page["paging"]
        var next: String?
        let isInsights = data.contains { $0["period"] != nil && $0["values"] != nil }
        if !isInsights, let nextURL = paging?["next"]?.stringValue {
            let until = URLComponents(string: nextURL)?.queryItems?.first { $0.name == "until" }?.value
            next = paging?["cursors"]?["after"]?.stringValue ?? until.map { Self.untilPrefix + $0 }
        }
        let newest = data.flatMap { item in
            ["created_time", "updated_time"].compactMap { item[$0].flatMap { PlatformTimestamp.parse($0) } }
        }.max()
        return PageMeta(nextToken: next, newestID: newest.map { String(Int($0.timeIntervalSince1970)) })
    }

    public func action(for response: HTTPResponse, attempt: Int, now: Date, policy: RetryPolicy, jitter: Double) -> ResponseAction {
        if (200..<300).contains(response.status) { return .page }
        let error = (try? JSONValue.parse(response.body))?["error"]
        let code = error?["code"]?.doubleValue.map(Int.init)
        let message = error?["message"]?.stringValue.map { ": \($0)" } ?? ""
        switch code {
        case 190?:
            return .stopAccount(Stop("Facebook refused this Page's token (code 190, expired or revoked)\(message); \(credentialHint)", needsPerson: true))
        case 4?, 17?, 32?, 613?:
            return GraphUsage(response).limit(now: now)
                .waitForReset(now: now, policy: policy, what: "throttled by Facebook (code \(code!))")
        default:
            break
        }
        if response.status >= 500 {
            guard attempt <= policy.maxRetries else {
                return .stopWalk(Stop("Facebook kept failing (HTTP \(response.status)) after \(policy.maxRetries) retries", needsPerson: true))
            }
            return .retry(after: policy.backoff(attempt: attempt, jitter: jitter))
        }
        return .stopWalk(Stop("Facebook answered HTTP \(response.status)\(code.map { " (code \($0))" } ?? "")\(message)", needsPerson: true))
    }

    /// Before the next page: a wait when the app or the Page has used 95% of a usage budget.
    public func pace(after response: HTTPResponse, now: Date, policy: RetryPolicy) -> ResponseAction {
        let usage = GraphUsage(response)
        guard usage.highest >= GraphUsage.pauseAt else { return .page }
        return usage.limit(now: now).waitForReset(now: now, policy: policy, what: "Facebook's usage is at \(usage.highest)%")
    }
}
