/// Several connections reading one state of the database: a report that reads on two
/// connections at once still adds up, whatever commits in between.
extension Connection {
    /// Runs `body` in a read-only, repeatable-read transaction and gives it the name of the
    /// transaction's snapshot, for other connections to read through `transaction(sharing:)`.
    /// They must begin before `body` returns: the snapshot lives as long as this transaction.
    public func exportingSnapshot<T>(_ body: (String) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
            try body(try query("SELECT pg_export_snapshot()")[0].decode(String.self, 0))
        }
    }

    /// Runs `body` in a read-only transaction that sees exactly what the transaction that
    /// exported `snapshot` sees.
    public func transaction<T>(sharing snapshot: String, _ body: () throws -> T) throws -> T {
        // SET TRANSACTION SNAPSHOT takes no bind parameter; the name is quoted as a literal.
        let literal = "'" + snapshot.replacingOccurrences(of: "'", with: "''") + "'"
        return try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT \(literal)", body)
    }
}
