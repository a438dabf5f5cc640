import Foundation

/// Why fetch cannot start: one line a person can act on, never holding a secret.
public struct FetchError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Kind: Sendable, Equatable {
        case credentials, archive
    }

    private let kind: Kind
    public let description: String

    /// The token is missing, or its file is unsafe or unreadable.
    public static func credentials(_ message: String) -> FetchError {
        FetchError(kind: .credentials, description: message)
    }

    /// A response could not be written to the archive, so it must not be ingested either.
    public static func archive(_ message: String) -> FetchError {
        FetchError(kind: .archive, description: message)
    }
}
