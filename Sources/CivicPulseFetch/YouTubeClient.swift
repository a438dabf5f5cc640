import CivicPulseCore
import Foundation

/// YouTube Data API v3: each youtube account's comment threads (every thread on the channel and
/// its videos, with their replies), the statistics of its videos the log knows once those threads
/// are in (``YouTubeVideoIDs``), and its channel statistics.
///
/// Requests carry the API key in the `X-Goog-Api-Key` header, which Google's APIs take in place
/// of the `key` query parameter: a URL ends up in proxies' and servers' access logs, a header
/// does not. Fetch still never prints, logs or archives a URL (archive file names are built from
/// the account, endpoint and time only).
///
/// Comment threads have no "since" parameter and come newest first (`order=time`). The mark is the
/// newest activity seen in a thread (the latest `publishedAt`/`updatedAt` of its top-level comment
/// and the replies it carries), as a UTC time; a walk ends at the first page with nothing newer
/// (``PageWalk``). A reply to an old thread that YouTube does not move up the list is therefore
/// seen only when the thread is on a page walked anyway.
public struct YouTubeClient: PlatformClient {
    public static let baseVariable = "CIVICPULSE_YOUTUBE_API_BASE"
    public let platform = "youtube"
    public let credentialHint = "create or renew an API key for the YouTube Data API v3 in the Google Cloud console (APIs & Services, Credentials; the API enabled for its project) and set \(Credentials.youtubeAPIKey)"
    /// The endpoints take the channel id (`UC…`); a handle would cost a lookup per run.
    public let accountIDNeed = "YouTube needs the channel id (UC…)"

    private let base: URL
    private let key: BearerToken

    /// - Parameter base: the API's root, `https://www.googleapis.com` unless overridden (tests, a proxy).
    public init(base: URL, key: BearerToken) {
        self.base = base
        self.key = key
    }

    /// The client for `environment`'s base URL override, if any.
    public init(environment: [String: String], key: BearerToken) {
        let base = environment[Self.baseVariable].flatMap { URL(string: $0) } ?? URL(string: "https://www.googleapis.com")!
        self.init(base: base, key: key)
    }

    public func targets(in config: PipelineConfig, account: String?) -> [FetchTarget] {
        var targets: [FetchTarget] = []
        for candidate in config.accounts where candidate.platform == platform && (account == nil || candidate.id == account) {
            guard let channel = candidate.platformID else { continue }
            targets.append(FetchTarget(account: candidate.id, endpoint: "comments", path: "/youtube/v3/commentThreads", query: [
                ("part", "snippet,replies"), ("allThreadsRelatedToChannelId", channel), ("maxResults", "100"), ("order", "time"),
            ], source: .youtube))
            // snippet too: the reader gives a video's statistics to the org account by its channelId.
            // The ids are read from the log after the comment threads are in; none, no request.
            let account = candidate.id
            targets.append(FetchTarget(account: account, endpoint: "videos", path: "/youtube/v3/videos",
                                       query: [("part", "snippet,statistics"), ("maxResults", "50")], source: .youtube) { connection in
                let ids = try YouTubeVideoIDs.recent(account: account, on: connection)
                return ids.isEmpty ? nil : [("id", ids.joined(separator: ","))]
            })
            targets.append(FetchTarget(account: candidate.id, endpoint: "channel", path: "/youtube/v3/channels", query: [
                ("part", "statistics"), ("id", channel),
            ], source: .youtube))
        }
        return targets
    }

    /// `sinceID` is not sent: no YouTube list takes one (the walk stops at the mark instead).
    public func url(for target: FetchTarget, sinceID: String?, pageToken: String?) -> URL {
        var components = URLComponents(url: base.appendingPathComponent(target.path), resolvingAgainstBaseURL: false)!
        var items = target.query.map { URLQueryItem(name: $0.0, value: $0.1) }
        if let pageToken { items.append(URLQueryItem(name: "pageToken", value: pageToken)) }
        components.queryItems = items
        // URLComponents leaves `+` as it is (page tokens are base64), which a server reads as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.url!
    }

    public func headers() -> [(String, String)] {
        [("User-Agent", "civicpulse-fetch"), ("X-Goog-Api-Key", key.value)]
    }

    public func meta(of body: Data) -> PageMeta? {
        guard let page = try? JSONValue.parse(body), page.objectValue != nil else { return nil }
        guard page["error"] == nil, page["kind"]?.stringValue != nil else { return PageMeta(nextToken: nil, newestID: nil, isError: true) }
        let newest = (page["items"]?.arrayValue ?? []).compactMap(Self.lastActivity).max()
        return PageMeta(nextToken: page["nextPageToken"]?.stringValue, newestID: newest.map(PlatformClock.iso))
    }

    /// A comment thread's latest activity: the newest `publishedAt`/`updatedAt` of its top-level
    /// comment and replies; nil for an item that is no thread (a video, a channel).
    static func lastActivity(_ item: JSONValue) -> Date? {
        guard item["kind"]?.stringValue == "youtube#commentThread" else { return nil }
        let comments = [item["snippet"]?["topLevelComment"]].compactMap { $0 } + (item["replies"]?["comments"]?.arrayValue ?? [])
        let times = comments.flatMap { comment in
            ["publishedAt", "updatedAt"].compactMap { comment["snippet"]?[$0].flatMap { PlatformTimestamp.parse($0) } }
        }
        // Whole seconds: the mark is written to the second, and must compare equal to itself.
        return times.max().map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) }
    }

    public func action(for response: HTTPResponse, attempt: Int, now: Date, policy: RetryPolicy, jitter: Double) -> ResponseAction {
        if (200..<300).contains(response.status) { return .page }
        let error = YouTubeAPIError(response.body)
        if error.isQuotaExceeded {
            return .stopPlatform(Stop("YouTube's daily quota is used up (HTTP \(response.status) quotaExceeded): it resets at midnight Pacific time (\(PlatformClock.iso(Self.quotaReset(after: now)))); fetch carries on next run", needsPerson: false))
        }
        if error.isKeyRefused || response.status == 401 {
            return .stopPlatform(Stop("YouTube refused the API key (HTTP \(response.status)\(error.reasons.first.map { " \($0)" } ?? "")): \(credentialHint)", needsPerson: true))
        }
        if response.status >= 500 || response.status == 429 || error.isRateLimited {
            guard attempt <= policy.maxRetries else {
                return .stopWalk(Stop("YouTube kept failing (HTTP \(response.status)\(error.reasons.first.map { " \($0)" } ?? "")) after \(policy.maxRetries) retries", needsPerson: true))
            }
            return .retry(after: policy.backoff(attempt: attempt, jitter: jitter))
        }
        return .stopWalk(Stop("YouTube answered HTTP \(response.status)\(error.summary)", needsPerson: true))
    }

    /// YouTube sends no rate-limit headers: the quota is per day, and its end is a 403.
    public func pace(after response: HTTPResponse, now: Date, policy: RetryPolicy) -> ResponseAction {
        .page
    }

    /// The next midnight in Pacific time, when YouTube resets the daily quota.
    static func quotaReset(after now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/Los_Angeles")!
        let midnight = calendar.startOfDay(for: now)
        return calendar.date(byAdding: .day, value: 1, to: midnight)!
    }
}
