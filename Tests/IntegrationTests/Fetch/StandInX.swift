import Foundation

/// A stand-in for X API v2 on 127.0.0.1 (``StandInServer``), serving the tweets a test gives it
/// as X pages them: newest first, `since_id` honoured, a `next_token` on every page but the last,
/// and the faults the test scripts (a 429 with its reset, 500s, a slow answer, a truncated body,
/// a revoked token, a repeated token). Every request is recorded.
final class StandInX: @unchecked Sendable {
    /// A scripted misbehaviour, used once by the first request it matches.
    struct Fault {
        enum Kind {
            case status(Int, headers: [String: String])
            /// 429 with the window's headers to every request for this many seconds from the first; then gone.
            case rateLimited(seconds: Double)
            case rateLimitedUntil(Date)
            /// Answers normally, but only after this many seconds.
            case delay(Double)
            /// The page cut short, as a dropped connection leaves it.
            case truncated
            /// The page hands out its own token again as `next_token`.
            case repeatedToken
        }

        var pathSuffix: String
        /// The paging token the request carries (nil: the first page).
        var token: String?
        var kind: Kind
    }

    let token: String
    let pageSize: Int
    private let lock = NSLock()
    private var timelines: [String: [StandInTweet]] = [:]
    private var faults: [Fault] = []
    private var log: [URLComponents] = []
    private var server: StandInServer!

    var base: String { server.base }

    init(token: String, pageSize: Int = 3) throws {
        self.token = token
        self.pageSize = pageSize
        server = try StandInServer { [unowned self] uri, headers in
            let answer = self.answer(uri, authorization: headers.first(name: "authorization"))
            return StandInServer.Answer(status: answer.status, headers: answer.headers, body: answer.body, delay: answer.delay)
        }
    }

    func stop() {
        server.stop()
    }

    /// Puts tweets on the timeline at `path` (`/2/users/ID/mentions`, `/2/tweets/search/recent`).
    func add(_ tweets: [StandInTweet], at path: String) {
        lock.withLock { timelines[path, default: []] += tweets }
    }

    func script(_ fault: Fault) {
        lock.withLock { faults.append(fault) }
    }

    var requests: [URLComponents] { lock.withLock { log } }

    private func answer(_ uri: String, authorization: String?) -> (status: Int, headers: [String: String], body: Data, delay: Double) {
        let request = URLComponents(string: uri)!
        let items = Dictionary((request.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        let pageToken = items["pagination_token"] ?? items["next_token"]
        return lock.withLock {
            log.append(request)
            var fault: Fault.Kind?
            if let index = faults.firstIndex(where: { request.path.hasSuffix($0.pathSuffix) && $0.token == pageToken }) {
                fault = faults.remove(at: index).kind
                if case .rateLimited(let seconds)? = fault { fault = .rateLimitedUntil(Date().addingTimeInterval(seconds)) }
                if case .rateLimitedUntil(let until)? = fault, Date() < until {
                    faults.insert(Fault(pathSuffix: request.path, token: pageToken, kind: .rateLimitedUntil(until)), at: index)
                    let reset = ["x-rate-limit-remaining": "0", "x-rate-limit-reset": "\(Int(until.timeIntervalSince1970.rounded(.up)))"]
                    return (429, reset, Data(#"{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}"#.utf8), 0)
                }
            }
            if case .status(let status, let headers)? = fault {
                return (status, headers, Data(#"{"title":"scripted","detail":"HTTP \#(status)","status":\#(status)}"#.utf8), 0)
            }
            guard authorization == "Bearer \(token)" else {
                return (401, [:], Data(#"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#.utf8), 0)
            }
            let since = items["since_id"].flatMap(UInt64.init) ?? 0
            let tweets = (timelines[request.path] ?? []).filter { $0.id > since }.sorted { $0.id > $1.id }
            let offset = pageToken.flatMap { Int($0.dropFirst(4)) } ?? 0
            let page = Array(tweets.dropFirst(offset).prefix(pageSize))
            var next = offset + pageSize < tweets.count ? "page\(offset + pageSize)" : nil
            if case .repeatedToken? = fault { next = pageToken }
            var body = StandInTweet.page(page, nextToken: next)
            if case .truncated? = fault { body = body.prefix(body.count / 2) }
            let delay: Double
            if case .delay(let seconds)? = fault { delay = seconds } else { delay = 0 }
            return (200, ["x-rate-limit-remaining": "100"], body, delay)
        }
    }
}

/// A tweet the stand-in serves: a resident's message to the account, or the account's own.
struct StandInTweet {
    let id: UInt64
    let authorID: String
    let username: String
    let text: String
    /// Set to write a `created_at` that is no timestamp, as a malformed record.
    var createdAt: String?

    /// Residents' tweets mentioning `handle`, with ids counting up from `first`.
    static func mentions(of handle: String, count: Int, first: UInt64) -> [StandInTweet] {
        (0..<UInt64(count)).map { n in
            StandInTweet(id: first + n, authorID: "\(700 + n % 4)", username: "resident\(n % 4)", text: "@\(handle) question number \(n) about my bins")
        }
    }

    var json: String {
        let created = Date(timeIntervalSince1970: 1_795_000_000 + Double(id % 100_000) * 60)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return """
            {"id":"\(id)","text":"\(text)","author_id":"\(authorID)","conversation_id":"\(id)","created_at":"\(createdAt ?? formatter.string(from: created))",\
            "public_metrics":{"retweet_count":0,"reply_count":0,"like_count":1,"quote_count":0},"lang":"en","edit_history_tweet_ids":["\(id)"]}
            """
    }

    /// An X v2 page of `tweets` (newest first), its users in `includes`, and `meta`.
    static func page(_ tweets: [StandInTweet], nextToken: String?) -> Data {
        var meta = ["\"result_count\":\(tweets.count)"]
        if let newest = tweets.map(\.id).max(), let oldest = tweets.map(\.id).min() {
            meta += ["\"newest_id\":\"\(newest)\"", "\"oldest_id\":\"\(oldest)\""]
        }
        if let nextToken { meta.append("\"next_token\":\"\(nextToken)\"") }
        guard !tweets.isEmpty else { return Data("{\"meta\":{\(meta.joined(separator: ","))}}".utf8) }
        var users: [String: String] = [:]
        for tweet in tweets { users[tweet.authorID] = #"{"id":"\#(tweet.authorID)","name":"\#(tweet.username)","username":"\#(tweet.username)"}"# }
        return Data("""
            {"data":[\(tweets.map(\.json).joined(separator: ","))],"includes":{"users":[\(users.keys.sorted().map { users[$0]! }.joined(separator: ","))]},\
            "meta":{\(meta.joined(separator: ","))}}
            """.utf8)
    }
}
