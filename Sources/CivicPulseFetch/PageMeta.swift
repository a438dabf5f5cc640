/// What a walk needs from a page: where the next page is and the newest mark on it (an id, or a
/// UTC time for a platform without ids in order).
public struct PageMeta: Sendable, Equatable {
    public var nextToken: String?
    public var newestID: String?
    /// An error body with no data: the walk cannot go on, and must not move the cursor.
    public var isError: Bool

    public init(nextToken: String?, newestID: String?, isError: Bool = false) {
        self.nextToken = nextToken
        self.newestID = newestID
        self.isError = isError
    }
}
