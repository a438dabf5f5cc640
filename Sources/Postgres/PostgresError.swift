import Foundation

/// An error from PostgreSQL or from libpq, carrying what a person needs to act on it.
///
/// The `description` is a sentence for users: SQLSTATE, the server's message and its detail.
/// Bind values never appear in it, so personal data in a failed statement stays out of logs.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The connection could not be made or was lost.
        case connection
        /// The server rejected a statement.
        case server
        /// A value in a result could not be decoded as the requested Swift type.
        case decoding
        /// A COPY or LISTEN exchange broke off.
        case `protocol`
    }

    public let kind: Kind
    /// The five-character SQLSTATE code, when the server sent one (e.g. `23505`).
    public let sqlState: String?
    public let message: String
    public let detail: String?
    public let hint: String?
    /// Where it happened, in words: "connecting to host=… dbname=…", "running migration 002", …
    public let context: String?

    public init(kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil, hint: String? = nil, context: String? = nil) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.context = context
    }

    /// The same error, with a note on what was being done when it happened.
    public func during(_ context: String) -> PostgresError {
        PostgresError(kind: kind, sqlState: sqlState, message: message, detail: detail, hint: hint, context: context)
    }

    public var description: String {
        var text = ""
        if let context { text += "\(context): " }
        switch kind {
        case .connection: text += "cannot connect to PostgreSQL: "
        case .decoding: text += "unexpected value from PostgreSQL: "
        case .server, .protocol: text += "PostgreSQL error"
            text += sqlState.map { " \($0)" } ?? ""
            text += ": "
        }
        // libpq's messages run over several lines; a user gets one.
        text += message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        if let detail, !detail.isEmpty { text += " (\(detail))" }
        if let hint, !hint.isEmpty { text += " Hint: \(hint)" }
        return text
    }
}
