import Foundation

/// An error from PostgreSQL or from libpq, carrying what a person needs to act on it.
///
/// `description` is what may be printed and logged: where it happened, the kind, SQLSTATE and
/// the server's message (and hint). The server's `detail` stays out of it: for a constraint
/// failure it echoes the row (`Key (source_id)=(…) already exists.`, a message's text included),
/// so it is only in `debugDescription`, for a person debugging with the data in front of them.
/// Bind values appear in neither.
public struct PostgresError: Error, CustomStringConvertible, CustomDebugStringConvertible, Sendable {
    /// What went wrong, as a struct over a private enum (as hummingbird's `PersistError` and
    /// postgres-nio's `PSQLError.Code` are), so that a kind can be added without breaking a
    /// caller's exhaustive `switch`.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Code: Sendable, Hashable {
            case connection, server, decoding, `protocol`
        }

        private let code: Code

        private init(_ code: Code) {
            self.code = code
        }

        /// The connection could not be made or was lost.
        public static let connection = Kind(.connection)
        /// The server rejected a statement.
        public static let server = Kind(.server)
        /// A value in a result could not be decoded as the requested Swift type.
        public static let decoding = Kind(.decoding)
        /// A COPY or LISTEN exchange broke off.
        public static let `protocol` = Kind(.protocol)

        public var description: String {
            switch code {
            case .connection: "connection"
            case .server: "server"
            case .decoding: "decoding"
            case .protocol: "protocol"
            }
        }
    }

    public let kind: Kind
    /// The five-character SQLSTATE code, when the server sent one (e.g. `23505`).
    public let sqlState: String?
    public let message: String
    /// The server's detail: may quote the row a statement failed on. Never in `description`.
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

    /// One line, safe to print and log: no detail, no bind value.
    public var description: String {
        var text = ""
        if let context { text += "\(context): " }
        switch kind {
        case .connection: text += "cannot connect to PostgreSQL: "
        case .decoding: text += "unexpected value from PostgreSQL: "
        default: text += "PostgreSQL error"
            text += sqlState.map { " \($0)" } ?? ""
            text += ": "
        }
        // libpq's messages run over several lines; a user gets one.
        text += message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        if let hint, !hint.isEmpty { text += " Hint: \(hint)" }
        return text
    }

    /// The description and the server's detail, which may hold the row's values.
    public var debugDescription: String {
        guard let detail, !detail.isEmpty else { return description }
        return "\(description) Detail: \(detail)"
    }
}
