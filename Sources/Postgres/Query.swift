/// A SQL statement whose values travel as bind parameters, never as SQL text.
///
/// Build one with string interpolation: each interpolated value becomes `$1`, `$2`, …
/// and is sent separately, so user data can never change the statement.
///
///     let rows = try connection.query("SELECT id FROM events WHERE org = \(org)")
///
/// Identifiers that must be spliced in (a schema chosen by a test, a channel to LISTEN on)
/// go through ``Query/StringInterpolation/appendInterpolation(identifier:)``, which quotes them.
public struct Query: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var sql: String
    public private(set) var binds: [Bind]
    /// Whether the server keeps this statement parsed and planned for the session (``prepared``).
    public private(set) var isPrepared = false

    public init(stringLiteral value: String) {
        sql = value
        binds = []
    }

    public init(unsafeSQL sql: String, binds: [String?] = []) {
        self.sql = sql
        self.binds = binds.map(Bind.text)
    }

    public init(stringInterpolation: StringInterpolation) {
        sql = stringInterpolation.sql
        binds = stringInterpolation.binds
    }

    public var description: String { sql }

    /// This statement as a named prepared statement of the connection that runs it: parsed once a
    /// session, and planned once too when a generic plan serves as well as one made for the values
    /// (PostgreSQL's choice, after five runs). For statements whose text never changes, run once a
    /// file or a batch: ingest's statements beside its COPYs spent more of the server's time being
    /// parsed and planned than running (docs/performance.md). Its text must not vary with the data,
    /// as each distinct text is kept for the whole session.
    public static func prepared(_ query: Query) -> Query {
        var prepared = query
        prepared.isPrepared = true
        return prepared
    }

    /// One parameter's value: text, whose type the server infers from the statement, or a
    /// ``BinaryArray``, sent with its type.
    public enum Bind: Sendable, Equatable {
        case text(String?)
        case binary(BinaryArray)
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var binds: [Bind] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            binds.append(.text(value.postgresText))
            sql += "$\(binds.count)"
        }

        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            binds.append(.text(value?.postgresText))
            sql += "$\(binds.count)"
        }

        /// An array sent in binary (``BinaryArray``), so the server does not parse it.
        public mutating func appendInterpolation(_ array: BinaryArray) {
            binds.append(.binary(array))
            sql += "$\(binds.count)"
        }

        /// SQL text written by the program itself (a column list), never by a user: spelled
        /// `unescaped:` so that splicing is visible where it happens.
        public mutating func appendInterpolation(unescaped sql: String) {
            self.sql += sql
        }

        /// Another query's text and binds, its placeholders renumbered to follow ours: lets two
        /// statements share one condition without writing it twice. The fragment's text must
        /// hold `$n` only as placeholders (ours always do: values travel as binds).
        public mutating func appendInterpolation(_ fragment: Query) {
            let offset = binds.count
            binds += fragment.binds
            var text = Substring(fragment.sql)
            while let dollar = text.firstIndex(of: "$") {
                sql += text[..<dollar]
                let digits = text[text.index(after: dollar)...].prefix { $0.isASCII && $0.isNumber }
                sql += digits.isEmpty ? "$" : "$\(Int(digits)! + offset)"
                text = text[digits.endIndex...]
            }
            sql += text
        }

        /// An identifier (schema, table, channel), double-quoted so it is never read as SQL.
        public mutating func appendInterpolation(identifier: String) {
            sql += quoteIdentifier(identifier)
        }
    }
}

/// Quotes an SQL identifier the way PostgreSQL's `quote_ident` does, always.
public func quoteIdentifier(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
