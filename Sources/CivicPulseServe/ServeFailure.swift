import Foundation
import Postgres

/// An error as serve's log shows it: one line, the database's own message without its detail
/// (libpq's runs over several lines), never a request's body or header.
struct ServeFailure: CustomStringConvertible {
    let error: any Error

    init(_ error: any Error) {
        self.error = error
    }

    var description: String {
        let text = (error as? PostgresError).map { error in
            (error.isServerGone ? "the database is not answering: " : "PostgreSQL error\(error.sqlState.map { " \($0)" } ?? ""): ") + error.message
        } ?? "\(error)"
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
