import Foundation
import Postgres

/// The database failed, or went away, while a file was being appended: ingest stops there.
///
/// Said on one line, because what a person needs is where it stopped and what is safe: every
/// file reported before this one is in the log, this one is not (its transaction was never
/// committed), and ingesting the same files again appends only what is missing.
public struct IngestInterrupted: Error, CustomStringConvertible, Sendable {
    /// The file being appended.
    public let file: String
    /// Files appended, each whole, before it.
    public let landed: Int
    /// Files after it, not read.
    public let left: Int
    /// Whether the failure came with the COMMIT, after all of the file was sent: whether the
    /// server committed it before going away cannot be known.
    public let committing: Bool
    public let error: PostgresError

    public var description: String {
        let fate = committing
            ? "whether \(file) is in the log is unknown (the server went while committing it)"
            : "nothing of \(file) is in the log (rolled back as a whole)"
        let before = switch landed {
        case 0: "no file before it is in the log"
        case 1: "the 1 file before it is in the log"
        default: "the \(landed) files before it are in the log"
        }
        let after = left == 1 ? "the 1 file after it" : "the \(left) files after it"
        // Once the server is back, the same command finishes the work; any other error needs
        // looking at first.
        let rest = error.lostConnection
            ? (left == 0 ? "ingest it again" : "ingest it and \(after) again") + " (what is already there counts as duplicate)"
            : (left == 0 ? nil : "\(after) were not read")
        return (["ingest stopped at \(file): \(reason)", fate, before] + [rest].compactMap { $0 }).joined(separator: "; ")
    }

    /// The error in a few words: libpq's own message runs over three lines.
    private var reason: String {
        let first = error.message.split(whereSeparator: \.isNewline).first.map(String.init) ?? error.message
        if error.lostConnection { return "lost the database connection: \(first)" }
        return "PostgreSQL error\(error.sqlState.map { " \($0)" } ?? ""): \(first)"
    }
}

extension PostgresError {
    /// Whether the server went away, rather than refused a statement: the connection broke
    /// (an error libpq made itself, which carries no SQLSTATE: the server's own always do), or
    /// the server said it was shutting down (SQLSTATE class 08, 57P01–57P03).
    var lostConnection: Bool {
        switch kind {
        case .connection, .protocol: return true
        case .server: return sqlState.map { $0.hasPrefix("08") || $0.hasPrefix("57P0") } ?? true
        default: return false
        }
    }
}
