import CLibPQ

extension Connection {
    /// The name of `query`'s prepared statement in this session, preparing it first when it is
    /// new. A statement the server refuses to prepare is not remembered, so it is tried again.
    ///
    /// Prepared statements outlive the transaction that prepared them, a rolled-back one too, and
    /// end with the session: a name is never prepared twice.
    func preparedName(of query: Query) throws -> String {
        if let name = preparedStatements[query.preparedKey] { return name }
        let name = Self.statementName(preparedStatements.count)
        let result = query.withParameterTypes { PQprepare(handle, name, query.sql, Int32(query.binds.count), $0) }
        defer { PQclear(result) }
        try check(result, for: query)
        preparedStatements[query.preparedKey] = name
        return name
    }

    /// The name of the session's `index`-th prepared statement: ours alone, as nothing else
    /// prepares statements on our connections.
    static func statementName(_ index: Int) -> String {
        "civicpulse_\(index + 1)"
    }
}
