import Foundation

/// A stand-in for the Graph API on 127.0.0.1 (``StandInServer``): per Page, its feed, visitor
/// posts and Messenger conversations as Graph pages them (newest first, `since` honoured, an
/// `after` cursor, and `paging.next` repeating the request's `access_token` as Graph's does),
/// Page Insights in day, week and 28-day rows, each Page's token checked (code 190 otherwise),
/// and the faults a test scripts. Every request is recorded.
final class StandInGraph: @unchecked Sendable {
    /// A scripted misbehaviour, used once by the first request it matches.
    struct Fault {
        enum Kind {
            case status(Int)
            /// Graph's throttling error `code` (4, 17, 32, 613), with its usage header saying
            /// access returns after this many minutes.
            case throttled(code: Int, regainMinutes: Double)
            /// Answers normally, but only after this many seconds.
            case delay(Double)
            /// The page hands out the request's own cursor again as `after`.
            case repeatedCursor
        }

        var pathSuffix: String
        /// The `after` cursor the request carries (nil: the first page).
        var cursor: String?
        var kind: Kind
    }

    /// One item of an edge, with the time `since` and the order go by.
    struct Item {
        var time: Date
        var json: [String: Any]
    }

    static let version = "v21.0"
    let tokens: [String: String]
    let pageSize: Int
    private let lock = NSLock()
    private var edges: [String: [Item]] = [:]
    /// The Page each Messenger thread belongs to, whose token reads its `/messages`.
    private var threadPages: [String: String] = [:]
    private var faults: [Fault] = []
    private var log: [URLComponents] = []
    private var server: StandInServer!

    var base: String { server.base }

    /// - Parameter tokens: the token Graph accepts for each Page id.
    init(tokens: [String: String], pageSize: Int = 3) throws {
        self.tokens = tokens
        self.pageSize = pageSize
        server = try StandInServer { [unowned self] uri, _ in self.answer(uri) }
    }

    func stop() {
        server.stop()
    }

    /// `/v21.0/<page>/<edge>`.
    static func path(_ page: String, _ edge: String) -> String {
        "/\(version)/\(page)/\(edge)"
    }

    func add(_ items: [Item], page: String, edge: String) {
        lock.withLock {
            edges[Self.path(page, edge), default: []] += items
            if edge == "conversations" {
                for item in items { threadPages[item.json["id"] as! String] = page }
            }
        }
    }

    func script(_ fault: Fault) {
        lock.withLock { faults.append(fault) }
    }

    var requests: [URLComponents] { lock.withLock { log } }

    private func answer(_ uri: String) -> StandInServer.Answer {
        let request = URLComponents(string: uri)!
        let query = Dictionary((request.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
        return lock.withLock {
            log.append(request)
            var delay = 0.0
            var repeated = false
            if let index = faults.firstIndex(where: { request.path.hasSuffix($0.pathSuffix) && $0.cursor == query["after"] }) {
                switch faults.remove(at: index).kind {
                case .status(let status):
                    return Self.error(status, code: 1, type: "OAuthException", message: "An unknown error has occurred.")
                case .throttled(let code, let minutes):
                    var answer = Self.error(400, code: code, type: "OAuthException", message: "Application request limit reached")
                    answer.headers["X-Business-Use-Case-Usage"] = """
                        {"\(request.path.split(separator: "/")[1])":[{"type":"pages","call_count":100,"total_cputime":20,"total_time":30,"estimated_time_to_regain_access":\(minutes)}]}
                        """
                    return answer
                case .delay(let seconds): delay = seconds
                case .repeatedCursor: repeated = true
                }
            }
            let segments = request.path.split(separator: "/").map(String.init)
            let owner = segments.count == 3 && segments[2] == "messages" ? threadPages[segments[1]] : segments.count == 3 ? segments[1] : nil
            guard let owner, let token = tokens[owner], query["access_token"] == token else {
                return Self.error(400, code: 190, type: "OAuthException",
                                  message: "Error validating access token: The session has been invalidated because the user changed their password.")
            }
            var answer = switch segments[2] {
            case "insights": insights(page: segments[1])
            case "messages": messages(of: segments[1], query: query, repeated: repeated)
            default: list(request.path, query: query, repeated: repeated)
            }
            answer.delay = delay
            answer.headers["X-App-Usage"] = #"{"call_count":12,"total_cputime":3,"total_time":4}"#
            return answer
        }
    }

    /// One page of an edge: newest first, after `since`, from the `after` cursor.
    private func list(_ path: String, query: [String: String], repeated: Bool) -> StandInServer.Answer {
        let since = query["since"].flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
        let all = (edges[path] ?? []).filter { since == nil || $0.time > since! }.sorted { $0.time > $1.time }
        var (page, paging) = Self.page(of: all.map(\.json), path: path, query: query, pageSize: pageSize, repeated: repeated)
        if path.hasSuffix("/conversations") {
            page = page.map { Self.page(of: $0, messagesOn: pageSize, token: query["access_token"]!) }
        }
        return Self.json(["data": page, "paging": paging])
    }

    /// The items from the `after` cursor on, and the `paging` Graph gives them: cursors, and a
    /// `next` repeating the request's token while more follow (`repeated`: the same cursor again).
    private static func page(of all: [[String: Any]], path: String, query: [String: String], pageSize: Int,
                             repeated: Bool) -> ([[String: Any]], [String: Any]) {
        let offset = query["after"].flatMap { Int($0.dropFirst("cursor".count)) } ?? 0
        let page = Array(all.dropFirst(offset).prefix(pageSize))
        var next = offset + pageSize < all.count ? "cursor\(offset + pageSize)" : nil
        if repeated { next = query["after"] }
        var paging: [String: Any] = ["cursors": ["before": "cursor\(offset)", "after": next ?? "cursor\(offset + page.count)"]]
        if let next {
            paging["next"] = "https://graph.facebook.com\(path)?access_token=\(query["access_token"]!)&limit=\(pageSize)&after=\(next)"
        }
        return (page, paging)
    }

    /// A thread as `/conversations` nests it: its newest `pageSize` messages, with the nested
    /// `paging` to the rest (`/<thread>/messages`) when it has more.
    private static func page(of thread: [String: Any], messagesOn pageSize: Int, token: String) -> [String: Any] {
        let all = (thread["messages"] as? [String: Any])?["data"] as? [[String: Any]] ?? []
        guard all.count > pageSize else { return thread }
        let (first, paging) = page(of: all, path: "/\(version)/\(thread["id"]!)/messages", query: ["access_token": token],
                                   pageSize: pageSize, repeated: false)
        var nested = thread
        nested["messages"] = ["data": first, "paging": paging]
        return nested
    }

    /// One page of a thread's messages, newest first, from the `after` cursor.
    private func messages(of thread: String, query: [String: String], repeated: Bool) -> StandInServer.Answer {
        let item = edges.values.joined().first { $0.json["id"] as? String == thread }
        let all = (item?.json["messages"] as? [String: Any])?["data"] as? [[String: Any]] ?? []
        let (page, paging) = Self.page(of: all, path: "/\(Self.version)/\(thread)/messages", query: query, pageSize: pageSize, repeated: repeated)
        return Self.json(["data": page, "paging": paging])
    }

    /// The Page's impressions in every period, ending on two days, with Graph's forward `next`.
    private func insights(page: String) -> StandInServer.Answer {
        let rows = ["day": 40, "week": 310, "days_28": 1200].sorted { $0.key < $1.key }.map { period, value in
            [
                "name": "page_impressions", "period": period, "id": "\(page)/insights/page_impressions/\(period)",
                "values": [["value": value, "end_time": "2026-11-16T08:00:00+0000"], ["value": value + 5, "end_time": "2026-11-17T08:00:00+0000"]],
            ] as [String: Any]
        }
        return Self.json(["data": rows, "paging": [
            "previous": "https://graph.facebook.com/\(Self.version)/\(page)/insights?since=1763020800&until=1763193600",
            "next": "https://graph.facebook.com/\(Self.version)/\(page)/insights?since=1763366400&until=1763539200",
        ]])
    }

    private static func json(_ object: [String: Any]) -> StandInServer.Answer {
        StandInServer.Answer(status: 200, headers: [:], body: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    /// A Graph error body, which never names the token.
    static func error(_ status: Int, code: Int, type: String, message: String) -> StandInServer.Answer {
        json(["error": ["message": message, "type": type, "code": code, "fbtrace_id": "AStandIn"]]).with(status: status)
    }
}

extension StandInServer.Answer {
    func with(status: Int) -> Self {
        var answer = self
        answer.status = status
        return answer
    }
}

/// What the stand-in Graph serves: posts with their comments, and Messenger threads.
enum StandInGraphItems {
    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssZ"
        return formatter.string(from: date)
    }

    /// Residents' posts on `page`, one an hour from `first`, each with a resident's comment half
    /// an hour later and, on every other one, the Page's reply to that comment.
    static func posts(_ count: Int, page: String, first: Date, prefix: Int) -> [StandInGraph.Item] {
        (0..<count).map { n in
            let posted = first.addingTimeInterval(Double(n) * 3600)
            let postID = "\(page)_\(prefix + n)"
            let commentID = "\(prefix + n)_\(prefix + n + 500)"
            var comments: [[String: Any]] = [[
                "id": commentID, "message": "Same on our street, \(n)", "created_time": time(posted.addingTimeInterval(1800)),
                "from": ["id": "520000000000000\(n % 3)", "name": "Neighbour"],
            ]]
            if n % 2 == 0 {
                comments.append([
                    "id": "\(prefix + n)_\(prefix + n + 900)", "message": "Thanks, the crew is on its way", "created_time": time(posted.addingTimeInterval(2700)),
                    "from": ["id": page, "name": "The Council"], "parent": ["id": commentID],
                ])
            }
            return StandInGraph.Item(time: posted, json: [
                "id": postID, "message": "The bin on the corner is overflowing again, \(n)", "created_time": time(posted),
                "from": ["id": "510000000000000\(n % 3)", "name": "Resident"], "comments": ["data": comments],
            ])
        }
    }

    /// Messenger threads with `page`, one an hour from `first`: a resident's question and, for
    /// every other thread, the Page's answer ten minutes later.
    static func threads(_ count: Int, page: String, first: Date, prefix: Int) -> [StandInGraph.Item] {
        (0..<count).map { n in
            let asked = first.addingTimeInterval(Double(n) * 3600)
            let resident = "630000000000000\(n % 4)"
            var messages: [[String: Any]] = [[
                "id": "m_standin_\(prefix + n)_q", "created_time": time(asked), "message": "When is my bin collected? \(n)",
                "from": ["id": resident, "name": "Resident"], "to": ["data": [["id": page, "name": "The Council"]]],
            ]]
            var updated = asked
            if n % 2 == 0 {
                updated = asked.addingTimeInterval(600)
                messages.insert([
                    "id": "m_standin_\(prefix + n)_a", "created_time": time(updated), "message": "On Tuesdays",
                    "from": ["id": page, "name": "The Council"], "to": ["data": [["id": resident, "name": "Resident"]]],
                ], at: 0)
            }
            return StandInGraph.Item(time: updated, json: [
                "id": "t_\(prefix + n)", "updated_time": time(updated), "messages": ["data": messages],
            ])
        }
    }

    /// One Messenger thread of `count` messages ten minutes apart, the resident asking and the
    /// Page answering in turn: longer than the stand-in's page, so its older messages are on
    /// pages of `/<thread>/messages`.
    static func longThread(_ count: Int, page: String, first: Date, id: String) -> StandInGraph.Item {
        let resident = "6300000000000009"
        let messages: [[String: Any]] = (0..<count).reversed().map { n in
            let (from, to) = n % 2 == 0 ? (resident, page) : (page, resident)
            return ["id": "m_\(id)_\(n)", "created_time": time(first.addingTimeInterval(Double(n) * 600)), "message": n % 2 == 0 ? "Still no bin collection \(n)" : "Sorry, on its way \(n)",
                    "from": ["id": from], "to": ["data": [["id": to]]]]
        }
        let updated = first.addingTimeInterval(Double(count - 1) * 600)
        return StandInGraph.Item(time: updated, json: ["id": id, "updated_time": time(updated), "messages": ["data": messages]])
    }
}
