/// What one walk of one account's endpoint did, for its summary line.
public struct WalkReport: Sendable, Equatable {
    public var account: String
    public var endpoint: String
    public var pages = 0
    public var appended = 0
    public var duplicates = 0
    public var quarantined = 0
    public var cursorBefore: String?
    public var cursorAfter: String?
    /// Why the walk ended early, if it did.
    public var stop: Stop?
    /// Whether a person has to look: a stop that will not clear by itself, or records quarantined.
    public var needsPerson: Bool { (stop?.needsPerson ?? false) || quarantined > 0 }

    public init(account: String, endpoint: String, cursorBefore: String?) {
        self.account = account
        self.endpoint = endpoint
        self.cursorBefore = cursorBefore
        cursorAfter = cursorBefore
    }

    /// `harbourside_twitter mentions: 2 pages, appended 150, duplicate 3, quarantined 0; cursor 1234 (was none)`.
    public var line: String {
        let cursor: String
        switch (cursorBefore, cursorAfter) {
        case (nil, nil): cursor = "no cursor yet"
        case let (before, after?) where before != after: cursor = "cursor \(after) (was \(before ?? "none"))"
        case let (_, after): cursor = "cursor unchanged at \(after ?? "none")"
        }
        return "\(account) \(endpoint): \(pages) page\(pages == 1 ? "" : "s"), appended \(appended), duplicate \(duplicates), quarantined \(quarantined); \(cursor)"
            + (stop.map { "; stopped: \($0.reason)" } ?? "")
    }
}
