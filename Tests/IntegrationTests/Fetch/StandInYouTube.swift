import Foundation

/// A stand-in for the YouTube Data API v3 on 127.0.0.1 (``StandInServer``): comment threads per
/// channel as `commentThreads.list` pages them (newest first, no "since" parameter, a
/// `nextPageToken` on every page but the last), `videos.list` and `channels.list` statistics,
/// the API key checked in the `X-Goog-Api-Key` header (a `key` parameter is refused, as no URL
/// may hold it), and the faults a test scripts. Every request is
/// recorded.
final class StandInYouTube: @unchecked Sendable {
    /// A scripted misbehaviour, used once by the first request it matches.
    struct Fault {
        enum Kind {
            case status(Int)
            /// 403 `quotaExceeded`, as YouTube answers once the day's quota is spent.
            case quotaExceeded
            /// The page hands out its own token again as `nextPageToken`.
            case repeatedToken
        }

        var pathSuffix: String
        /// The page token the request carries (nil: the first page).
        var token: String?
        var kind: Kind
    }

    let key: String
    let pageSize: Int
    private let lock = NSLock()
    private var threads: [String: [StandInThread]] = [:]
    private var videos: [String: (channel: String, views: Int)] = [:]
    private var channels: [String: Int] = [:]
    private var faults: [Fault] = []
    private var log: [URLComponents] = []
    private var server: StandInServer!

    var base: String { server.base }

    init(key: String, pageSize: Int = 3) throws {
        self.key = key
        self.pageSize = pageSize
        server = try StandInServer { [unowned self] uri, headers in self.answer(uri, key: headers.first(name: "x-goog-api-key")) }
    }

    func stop() {
        server.stop()
    }

    /// Puts comment threads on `channel` (they may be on any of its videos).
    func add(_ new: [StandInThread], channel: String) {
        lock.withLock { threads[channel, default: []] += new }
    }

    /// A video of `channel` with its view count (the other counts follow from it).
    func setVideo(_ id: String, channel: String, views: Int) {
        lock.withLock { videos[id] = (channel, views) }
    }

    func setChannel(_ id: String, subscribers: Int) {
        lock.withLock { channels[id] = subscribers }
    }

    func script(_ fault: Fault) {
        lock.withLock { faults.append(fault) }
    }

    var requests: [URLComponents] { lock.withLock { log } }

    private func answer(_ uri: String, key sent: String?) -> StandInServer.Answer {
        let request = URLComponents(string: uri)!
        let items = Dictionary((request.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        let pageToken = items["pageToken"]
        return lock.withLock {
            log.append(request)
            var fault: Fault.Kind?
            if let index = faults.firstIndex(where: { request.path.hasSuffix($0.pathSuffix) && $0.token == pageToken }) {
                fault = faults.remove(at: index).kind
            }
            switch fault {
            case .quotaExceeded?:
                return Self.error(403, reason: "quotaExceeded", domain: "youtube.quota",
                                  message: "The request cannot be completed because you have exceeded your quota.")
            case .status(let status)?:
                return Self.error(status, reason: "backendError", domain: "global", message: "Backend Error")
            default:
                break
            }
            guard sent == key, items["key"] == nil else {
                return Self.error(400, reason: "badRequest", domain: "global", message: "API key not valid. Please pass a valid API key.")
            }
            switch request.path {
            case "/youtube/v3/commentThreads":
                let all = (threads[items["allThreadsRelatedToChannelId"] ?? ""] ?? []).sorted { $0.published > $1.published }
                let offset = pageToken.flatMap { Int($0.dropFirst(4)) } ?? 0
                let page = all.dropFirst(offset).prefix(pageSize)
                var next = offset + pageSize < all.count ? "page\(offset + pageSize)" : nil
                if case .repeatedToken? = fault { next = pageToken }
                let nextField = next.map { "\"nextPageToken\":\"\($0)\"," } ?? ""
                return StandInServer.Answer(status: 200, headers: [:], body: Data("""
                    {"kind":"youtube#commentThreadListResponse","etag":"e",\(nextField)"pageInfo":{"totalResults":\(page.count),"resultsPerPage":\(pageSize)},\
                    "items":[\(page.map(\.json).joined(separator: ","))]}
                    """.utf8))
            case "/youtube/v3/videos":
                let listed = (items["id"] ?? "").split(separator: ",").compactMap { id in videos[String(id)].map { (String(id), $0) } }
                let json = listed.map { id, video in
                    """
                    {"kind":"youtube#video","etag":"e","id":"\(id)","snippet":{"publishedAt":"2026-02-27T12:00:00Z","channelId":"\(video.channel)","title":"Video \(id)"},\
                    "statistics":{"viewCount":"\(video.views)","likeCount":"\(video.views / 10)","favoriteCount":"0","commentCount":"3"}}
                    """
                }
                return StandInServer.Answer(status: 200, headers: [:], body: Data("""
                    {"kind":"youtube#videoListResponse","etag":"e","pageInfo":{"totalResults":\(listed.count),"resultsPerPage":\(listed.count)},"items":[\(json.joined(separator: ","))]}
                    """.utf8))
            case "/youtube/v3/channels":
                let id = items["id"] ?? ""
                let json = channels[id].map { subscribers in
                    #"{"kind":"youtube#channel","etag":"e","id":"\#(id)","statistics":{"viewCount":"250000","subscriberCount":"\#(subscribers)","hiddenSubscriberCount":false,"videoCount":"212"}}"#
                }
                return StandInServer.Answer(status: 200, headers: [:], body: Data("""
                    {"kind":"youtube#channelListResponse","etag":"e","pageInfo":{"totalResults":1,"resultsPerPage":5},"items":[\(json ?? "")]}
                    """.utf8))
            default:
                return Self.error(404, reason: "notFound", domain: "global", message: "Not Found")
            }
        }
    }

    /// A Google API error body, which never names the key.
    static func error(_ status: Int, reason: String, domain: String, message: String) -> StandInServer.Answer {
        StandInServer.Answer(status: status, headers: [:], body: Data("""
            {"error":{"code":\(status),"message":"\(message)","errors":[{"message":"\(message)","domain":"\(domain)","reason":"\(reason)"}]}}
            """.utf8))
    }
}

/// A comment thread the stand-in serves: a resident's comment on a video of the channel, and
/// the replies under it.
struct StandInThread {
    struct Reply {
        var id: String
        var authorChannel: String
        var text: String
        var published: Date
    }

    var id: String
    var channel: String
    var video: String
    var authorChannel: String
    var text: String
    var published: Date
    var replies: [Reply] = []

    /// Residents' threads on `video`, one an hour from `first`, ids `<prefix>0`, `<prefix>1`…
    static func residents(_ count: Int, channel: String, video: String, first: Date, prefix: String = "Ugw") -> [StandInThread] {
        (0..<count).map { n in
            StandInThread(id: "\(prefix)Thread\(n)AaABAg", channel: channel, video: video, authorChannel: "UCresident\(n % 3)",
                          text: "Question \(n) about the bins", published: first.addingTimeInterval(Double(n) * 3600))
        }
    }

    private static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    private func comment(id: String, author: String, text: String, published: Date, parent: String?) -> String {
        """
        {"kind":"youtube#comment","etag":"e","id":"\(id)","snippet":{"authorDisplayName":"Someone","authorChannelId":{"value":"\(author)"},\
        "channelId":"\(channel)","videoId":"\(video)","textDisplay":"\(text)","textOriginal":"\(text)",\(parent.map { "\"parentId\":\"\($0)\"," } ?? "")\
        "likeCount":0,"publishedAt":"\(Self.time(published))","updatedAt":"\(Self.time(published))"}}
        """
    }

    var json: String {
        let top = comment(id: id, author: authorChannel, text: text, published: published, parent: nil)
        let replyJSON = replies.map { comment(id: "\(id).\($0.id)", author: $0.authorChannel, text: $0.text, published: $0.published, parent: id) }
        return """
            {"kind":"youtube#commentThread","etag":"e","id":"\(id)","snippet":{"channelId":"\(channel)","videoId":"\(video)","topLevelComment":\(top),\
            "canReply":true,"totalReplyCount":\(replies.count),"isPublic":true}\(replies.isEmpty ? "" : ",\"replies\":{\"comments\":[\(replyJSON.joined(separator: ","))]}")}
            """
    }
}
