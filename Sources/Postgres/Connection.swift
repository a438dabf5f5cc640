import CLibPQ
import Foundation

/// One libpq connection. Not thread-safe: use one per thread or task, as libpq requires.
///
/// It is `@unchecked Sendable` so that a connection can be handed to the thread that will
/// use it; it must never be used from two threads at once.
public final class Connection: @unchecked Sendable {
    let handle: OpaquePointer

    /// Where this connection goes, with no password: `host=/tmp port=5432 dbname=civicpulse user=postgres`.
    public let target: String

    /// The names of the session's prepared statements, by their text and types
    /// (``Query/prepared``, ``Query/preparedKey``).
    var preparedStatements: [String: String] = [:]

    /// Connects as psql would.
    ///
    /// - Parameter conninfo: a `postgresql://` URL or `key=value` conninfo; an empty string
    ///   takes everything from the `PG*` environment variables, `.pgpass` and service files.
    public init(_ conninfo: String) throws {
        guard let handle = PQconnectdb(conninfo) else {
            throw PostgresError(kind: .connection, message: "libpq could not allocate a connection")
        }
        self.handle = handle
        target = Connection.describe(handle)
        // Every stored property is set, so throwing from here runs deinit, which frees the
        // handle: freeing it here too would free it twice.
        guard PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(kind: .connection, message: String(cString: PQerrorMessage(handle)))
        }
        passOnWarnings()
        // Results are read in one known text format, whatever the user's defaults.
        try execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'iso_8601'; SET extra_float_digits = 3; SET client_min_messages = warning")
    }

    deinit {
        PQfinish(handle)
    }

    private static func describe(_ handle: OpaquePointer) -> String {
        func value(_ text: UnsafeMutablePointer<CChar>?) -> String { text.map { String(cString: $0) } ?? "" }
        var host = value(PQhost(handle))
        if host.isEmpty { host = "(default socket)" }
        return "host=\(host) port=\(value(PQport(handle))) dbname=\(value(PQdb(handle))) user=\(value(PQuser(handle)))"
    }

    /// Whether the connection still stands: false once the server went away (a restart, a
    /// network cut), after which only a new connection will do.
    public var isConnected: Bool {
        PQstatus(handle) == CONNECTION_OK
    }

    /// Runs one or more statements with no parameters and no rows wanted (DDL, migrations, SET).
    public func execute(_ script: String) throws {
        let result = PQexec(handle, script)
        defer { PQclear(result) }
        try check(result, for: nil)
    }

    /// Runs a statement with its values as bind parameters; returns the rows it produced.
    @discardableResult
    public func query(_ query: Query) throws -> Rows {
        let name = query.isPrepared ? try preparedName(of: query) : nil
        let result = query.withParameters { count, types, values, lengths, formats in
            if let name { return PQexecPrepared(handle, name, count, values, lengths, formats, 0) }
            return PQexecParams(handle, query.sql, count, types, values, lengths, formats, 0)
        }
        do {
            try check(result, for: query)
        } catch {
            PQclear(result)
            throw error
        }
        return Rows(result: result!)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try transaction(begin: "BEGIN", body)
    }

    /// Runs `body` in a savepoint of the transaction under way: released when it returns, rolled
    /// back to when it throws, so the transaction goes on without what `body` wrote.
    public func savepoint<T>(_ name: String, _ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT \(quoteIdentifier(name))")
        do {
            let value = try body()
            try execute("RELEASE SAVEPOINT \(quoteIdentifier(name))")
            return value
        } catch {
            try execute("ROLLBACK TO SAVEPOINT \(quoteIdentifier(name)); RELEASE SAVEPOINT \(quoteIdentifier(name))")
            throw error
        }
    }

    /// A transaction begun by `begin` (with its isolation level, a snapshot, …).
    func transaction<T>(begin: String, _ body: () throws -> T) throws -> T {
        do {
            try execute(begin) // a script: what it runs after BEGIN may fail, and is rolled back
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    func check(_ result: OpaquePointer?, for query: Query?) throws {
        guard let result else {
            throw PostgresError(kind: .connection, message: String(cString: PQerrorMessage(handle)))
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_COPY_IN, PGRES_EMPTY_QUERY:
            return
        default:
            throw PostgresError(result: result, fallback: String(cString: PQerrorMessage(handle)))
        }
    }
}

extension PostgresError {
    init(result: OpaquePointer, fallback: String) {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        self.init(
            kind: .server,
            sqlState: field("C"),
            message: field("M") ?? fallback,
            detail: field("D"),
            hint: field("H")
        )
    }
}

extension PostgresError {
    /// Whether the error says the server went away or is restarting, rather than that something
    /// asked of it is wrong, so that a caller that connects again can go on: SQLSTATE class 08
    /// (connection exception) or 57P01-57P03 (shut down, crashed, starting up); a connection
    /// lost or refused; or a server that turned a new connection away only while it starts, stops
    /// or recovers. libpq gives no SQLSTATE for a refused connection, so the server's reason is
    /// read from its message: any other (a password, a role or database that does not exist,
    /// pg_hba.conf) is for a person to fix.
    public var isServerGone: Bool {
        if let sqlState { return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState) }
        // No SQLSTATE: libpq's own words (the server's always carry one), about the connection.
        guard kind != .decoding else { return false }
        guard message.contains("FATAL:") else { return true }
        return ["starting up", "shutting down", "recovery mode", "not yet accepting connections", "too many clients",
                "terminating connection", "server closed the connection"]
            .contains { message.contains($0) }
    }
}
