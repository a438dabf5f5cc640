import Foundation

/// Takes one forgotten resident out of one archived file, touching no other value.
///
/// - Their own records (a tweet, comment or user object whose `id` is one of `records`) keep
///   only what places them: ids, times, reply references, counts (``kept``); every other string
///   in them becomes `""`, so their text, links, names and profile are gone while the file still
///   reads as the same messages, at the same times, in the same threads.
/// - Everywhere else their user ids and handles are swapped for stand-ins (`ids`, `handles`):
///   another resident's reply names them in `in_reply_to_user_id`, a mention or `@handle` in its
///   text, and those records keep every other value (docs/privacy.md, "Archives").
public struct ArchiveRedaction: Sendable {
    /// Ids of the resident's own records: their messages and their user objects.
    public var records: Set<String>
    /// Their user ids, each with the stand-in that replaces it.
    public var ids: [String: String]
    /// Their handles, in lower case without `@`, each with its stand-in.
    public var handles: [String: String]

    public init(records: Set<String>, ids: [String: String], handles: [String: String]) {
        self.records = records
        self.ids = ids
        self.handles = Dictionary(handles.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Keys whose strings stay in a resident's own record: what a reader needs to place the
    /// message (which message, when, in which thread, answering what). An id of theirs among
    /// them is then replaced like any other.
    static let kept: Set<String> = [
        "id", "id_str", "kind", "type", "created_at", "created_time", "conversation_id", "author_id",
        "in_reply_to_status_id", "in_reply_to_status_id_str", "in_reply_to_user_id", "in_reply_to_user_id_str",
        "edit_history_tweet_ids", "timestamp_ms", "publishedAt", "updatedAt", "videoId", "parentId", "channelId",
        "value", "item", "verb", "post_id", "comment_id", "parent_id", "username", "screen_name", "lang", "mid", "num_edit",
    ]

    /// The file's bytes without the resident, or nil when nothing in it named them.
    ///
    /// A JSON Lines file (at least half its lines standalone values) with a malformed line (a webhook log, a listening export: ingest
    /// quarantines such a line) is taken line by line; a malformed line that holds one of their
    /// user ids or handles as a word becomes an empty line, which ingest passes over: nothing
    /// in it can be told apart, so the erasure errs on the side of forgetting, as the quarantine's does.
    public func apply(to data: Data) throws -> Data? {
        do {
            return try edit(data)
        } catch let malformed {
            let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
            // Only JSON Lines: a truncated pretty-printed page also fails, line by line its text
            // lines would not parse and be kept, so it is left for the caller to name.
            let parsed = lines.filter { !$0.isEmpty && (try? JSONSpans(Data($0))) != nil }.count
            guard parsed * 2 >= lines.filter({ !$0.isEmpty }).count else { throw malformed }
            var changed = false
            let edited = lines.map { line -> Data in
                do {
                    guard let edited = try edit(Data(line)) else { return Data(line) }
                    changed = true
                    return edited
                } catch {
                    guard names(String(decoding: line, as: UTF8.self)) else { return Data(line) }
                    changed = true
                    return Data()
                }
            }
            return changed ? Data(edited.joined(separator: [0x0A])) : nil
        }
    }

    /// Whether `text` holds one of the resident's user ids or handles as a whole word.
    private func names(_ text: String) -> Bool {
        (Array(ids.keys) + Array(handles.keys)).contains { Self.replaceWords($0, with: "", in: text, needsMark: false) != text }
    }

    private func edit(_ data: Data) throws -> Data? {
        let spans = try JSONSpans(data)
        var edits: [(Range<Int>, [UInt8])] = []
        for value in spans.values { collect(value, key: nil, inRecord: false, spans: spans, into: &edits) }
        guard !edits.isEmpty else { return nil }
        var out = spans.bytes
        for (range, bytes) in edits.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
            out.replaceSubrange(range, with: bytes)
        }
        return Data(out)
    }

    private func collect(_ node: JSONSpans.Node, key: String?, inRecord: Bool, spans: JSONSpans, into edits: inout [(Range<Int>, [UInt8])]) {
        switch node {
        case .scalar(let range):
            if Self.isIDKey(key), let stand = ids[spans.literal(range)] { edits.append((range, Array(stand.utf8))) }
        case .string(let range):
            let text = spans.text(range)
            if inRecord, !Self.kept.contains(key ?? "") {
                if !text.isEmpty { edits.append((range, Array(#""""#.utf8))) }
            } else if case let replaced = replaced(in: text, key: key), replaced != text {
                edits.append((range, Self.encoded(replaced)))
            }
        case .array(_, let elements):
            for element in elements { collect(element, key: key, inRecord: inRecord, spans: spans, into: &edits) }
        case .object(_, let members):
            let own = inRecord || isRecord(members, spans: spans)
            for member in members {
                let name = spans.text(member.key)
                if let stand = ids[name] { edits.append((member.key, Self.encoded(stand))) }
                // YouTube wraps a channel id: `"authorChannelId": {"value": "UC…"}`.
                collect(member.value, key: key == "authorChannelId" && name == "value" ? "id" : name, inRecord: own, spans: spans, into: &edits)
            }
        }
    }

    /// Every string and scalar inside the records that still hold something (a string beyond
    /// ``kept`` not yet blank): where the resident's user id and handle are found in the clear.
    func heldTokens(in data: Data) throws -> Set<String> {
        let spans = try JSONSpans(data)
        var tokens = Set<String>()
        for value in spans.values { gather(value, spans: spans, into: &tokens) }
        return tokens
    }

    private func gather(_ node: JSONSpans.Node, spans: JSONSpans, into tokens: inout Set<String>) {
        switch node {
        case .scalar, .string: break
        case .array(_, let elements): for element in elements { gather(element, spans: spans, into: &tokens) }
        case .object(_, let members):
            guard isRecord(members, spans: spans), holds(node, key: nil, spans: spans) else {
                for member in members { gather(member.value, spans: spans, into: &tokens) }
                return
            }
            everyToken(node, spans: spans, into: &tokens)
        }
    }

    private func holds(_ node: JSONSpans.Node, key: String?, spans: JSONSpans) -> Bool {
        switch node {
        case .scalar: false
        case .string(let range): !Self.kept.contains(key ?? "") && range.count > 2
        case .array(_, let elements): elements.contains { holds($0, key: key, spans: spans) }
        case .object(_, let members): members.contains { holds($0.value, key: spans.text($0.key), spans: spans) }
        }
    }

    private func everyToken(_ node: JSONSpans.Node, spans: JSONSpans, into tokens: inout Set<String>) {
        switch node {
        case .scalar(let range): tokens.insert(spans.literal(range))
        case .string(let range): tokens.insert(spans.text(range))
        case .array(_, let elements): for element in elements { everyToken(element, spans: spans, into: &tokens) }
        case .object(_, let members): for member in members { everyToken(member.value, spans: spans, into: &tokens) }
        }
    }

    /// A resident's own record: an object whose own id (``ownIDs(_:spans:)``) is one of theirs,
    /// unless an object inside it has the same id (a YouTube thread shares its id with its top
    /// comment, and the thread's replies by others must stay). A v1.1 tweet's `user`, whose id
    /// is theirs too, does not stop the tweet being theirs.
    private func isRecord(_ members: [(key: Range<Int>, value: JSONSpans.Node)], spans: JSONSpans) -> Bool {
        let own = Set(ownIDs(members, spans: spans)).intersection(records)
        return !own.isEmpty && !members.contains { holdsObject($0.value, knownBy: own, spans: spans) }
    }

    private func holdsObject(_ node: JSONSpans.Node, knownBy ids: Set<String>, spans: JSONSpans) -> Bool {
        switch node {
        case .scalar, .string: false
        case .array(_, let elements): elements.contains { holdsObject($0, knownBy: ids, spans: spans) }
        case .object(_, let members):
            ownIDs(members, spans: spans).contains(where: ids.contains) || members.contains { holdsObject($0.value, knownBy: ids, spans: spans) }
        }
    }

    /// The ids an object is known by: `id` or `id_str` (Twitter, Graph, YouTube), and in a Page
    /// webhook's change, which carries no `id`, the `comment_id` of a comment or the `post_id` of
    /// a post (a reaction names the comment it is on, but is someone else's); a Messenger message
    /// or its edit is known by its `mid`.
    private func ownIDs(_ members: [(key: Range<Int>, value: JSONSpans.Node)], spans: JSONSpans) -> [String] {
        let named = Dictionary(members.map { (spans.text($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        var keys = ["id", "id_str", "mid"]
        switch named["item"].map({ idText($0, spans) }) {
        case "comment": keys.append("comment_id")
        case "post", "status", "photo", "video", "share": keys.append("post_id")
        default: break
        }
        return keys.compactMap { named[$0].map { idText($0, spans) } }
    }

    private func idText(_ node: JSONSpans.Node, _ spans: JSONSpans) -> String {
        switch node {
        case .string(let range): spans.text(range)
        case .scalar(let range): spans.literal(range)
        default: ""
        }
    }

    /// Keys a user id stands under: `id`, `*_id`, `*_id_str`. A number or string elsewhere that
    /// happens to equal their id (a count, a view count, an insight value) is someone else's.
    static func isIDKey(_ key: String?) -> Bool {
        guard let key else { return false }
        return key == "id" || key == "id_str" || key.hasSuffix("_id") || key.hasSuffix("_id_str")
    }

    /// Keys whose whole string is a handle; anywhere else a string equal to it (a hashtag, a
    /// person's first name, a reference type) is an ordinary word.
    static let handleKeys: Set<String> = ["username", "screen_name", "in_reply_to_screen_name"]

    /// `text`, found under `key`, with the resident's user id or handle replaced by its stand-in:
    /// the whole string under an id or handle key (a string that is only their id elsewhere is a
    /// value: a view count), and inside any text an id as a whole word or a
    /// handle as a mention or profile link, so a handle that is also an ordinary word is not
    /// rewritten in other residents' sentences.
    func replaced(in text: String, key: String?) -> String {
        if let stand = ids[text] { return Self.isIDKey(key) ? stand : text }
        if Self.handleKeys.contains(key ?? ""), let stand = handles[text.lowercased()] { return stand }
        let withoutIDs = ids.reduce(text) { Self.replaceWords($1.key, with: $1.value, in: $0, needsMark: false) }
        return handles.reduce(withoutIDs) { Self.replaceWords($1.key, with: $1.value, in: $0, needsMark: true) }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }

    /// Whether `bytes` before `index` end with `@`, or with a profile link's `x.com/` or
    /// `twitter.com/` (a `/` in any other link is a path: `council.gov.uk/bins/`).
    private static func marked(_ bytes: [UInt8], before index: Int) -> Bool {
        guard index > 0 else { return false }
        if bytes[index - 1] == UInt8(ascii: "@") { return true }
        let before = String(decoding: bytes[..<index], as: UTF8.self).lowercased()
        return ["x.com/", "twitter.com/"].contains { host in
            guard before.hasSuffix(host) else { return false }
            let start = before.utf8.count - host.utf8.count
            return start == 0 || !isWordByte(Array(before.utf8)[start - 1])
        }
    }

    /// Replaces each occurrence of `term` (ASCII case ignored) that is a whole word; with
    /// `needsMark`, only a mention or a profile link (``marked(_:before:)``).
    static func replaceWords(_ term: String, with stand: String, in text: String, needsMark: Bool) -> String {
        let bytes = Array(text.utf8), needle = Array(term.lowercased().utf8)
        guard !needle.isEmpty, bytes.count >= needle.count else { return text }
        var out: [UInt8] = [], index = 0
        while index < bytes.count {
            let end = index + needle.count
            if end <= bytes.count,
               zip(bytes[index..<end], needle).allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0) == $1 }),
               index == 0 || !isWordByte(bytes[index - 1]),
               end == bytes.count || !isWordByte(bytes[end]),
               !needsMark || marked(bytes, before: index) {
                out.append(contentsOf: stand.utf8)
                index = end
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func encoded(_ text: String) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])) ?? Data()
        return Array(data)
    }
}
