/// A platform token or API key, kept out of every description so it cannot reach a log line by accident.
public struct BearerToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret as the request needs it (a header, YouTube's `key` parameter); read only when building a request.
    let value: String

    init(_ value: String) {
        self.value = value
    }

    public var description: String { "<token>" }
    public var debugDescription: String { "<token>" }
}
