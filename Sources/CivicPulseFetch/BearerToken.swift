/// A platform token, kept out of every description so it cannot reach a log line by accident.
public struct BearerToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The token as the `Authorization` header needs it; read only when building a request.
    let value: String

    init(_ value: String) {
        self.value = value
    }

    public var description: String { "<token>" }
    public var debugDescription: String { "<token>" }
}
