/// One walk through an endpoint's pages, newest first, from the stored high-water mark.
///
/// Pages come newest first, so the mark can only move once the walk reaches the last page: a
/// walk stopped half way (killed, a failure, a repeated token) leaves the old mark, and the next
/// run walks all of it again, its pages already in the log adding nothing. No gap, no duplicate.
///
/// A platform with no "since" parameter (YouTube's comment threads) sends everything, newest
/// first, every time: the walk then ends at the first page with nothing newer than the mark, its
/// items already in the log. Marks are decimal ids (X) or UTC times of one fixed spelling
/// (`2026-11-17T09:30:05Z`, YouTube), which compare the same way. With X's `since_id` no page is
/// ever older than the mark, so the rule never fires there.
/// A value: it decides, the fetcher does the I/O.
public struct PageWalk: Sendable, Equatable {
    /// The mark the walk started from (X's `since_id`): nothing at or below it is asked for.
    public let sinceID: String?
    /// The token for the next request; nil for the first page.
    public private(set) var pageToken: String?
    public private(set) var pages = 0
    private var newestID: String?
    private var seenTokens: Set<String> = []

    /// - Parameter pageToken: where the walk starts when not at the first page: a thread's
    ///   messages continued from the cursor its page of threads gave. It counts as seen.
    public init(sinceID: String?, pageToken: String? = nil) {
        self.sinceID = sinceID
        self.pageToken = pageToken
        if let pageToken { seenTokens.insert(pageToken) }
    }

    /// What to do after a page.
    public enum Step: Sendable, Equatable {
        /// Ask for the page with this token.
        case next(token: String)
        /// The walk reached its end: the mark is now this (nil: still none, no tweet was ever seen).
        case finished(cursor: String?)
        /// The platform handed out a token it had given before: following it would loop.
        case repeatedToken(String)
        /// The page was an error body: stop without moving the mark.
        case failed
    }

    /// Takes a page's meta and says what comes next.
    public mutating func received(_ meta: PageMeta) -> Step {
        pages += 1
        if meta.isError { return .failed }
        if let id = meta.newestID, newestID.map({ Self.isNewer(id, than: $0) }) ?? true {
            newestID = id
        }
        guard let token = meta.nextToken, !token.isEmpty else {
            return .finished(cursor: newestCursor)
        }
        if let pageNewest = meta.newestID, let sinceID, !Self.isNewer(pageNewest, than: sinceID) {
            return .finished(cursor: newestCursor)
        }
        guard seenTokens.insert(token).inserted else { return .repeatedToken(token) }
        pageToken = token
        return .next(token: token)
    }

    /// The higher of the old mark and the newest id the walk saw.
    private var newestCursor: String? {
        guard let newestID else { return sinceID }
        guard let sinceID else { return newestID }
        return Self.isNewer(newestID, than: sinceID) ? newestID : sinceID
    }

    /// Compares decimal ids (snowflakes exceed 2^53, so not as Doubles): longer is larger. Fixed-
    /// length UTC times compare as text, which this also does.
    static func isNewer(_ id: String, than other: String) -> Bool {
        id.count != other.count ? id.count > other.count : id > other
    }
}
