import CLibPQ
import Foundation

extension Connection {
    /// Runs `queries` one after the other, sending them all before reading any result (libpq's
    /// pipeline mode): one round trip to the server for all of them instead of one each, and the
    /// server starts on the first while the rest are still being sent. Returns each one's rows, in
    /// order.
    ///
    /// For statements that do not need each other's results. A failing statement throws its
    /// error, as ``query(_:)`` would, once the server has skipped the ones after it (it runs
    /// nothing more until the pipeline ends): inside a transaction, the transaction is then
    /// aborted, as after any failed statement, unless rolled back to a savepoint taken before.
    /// COPY cannot be sent in a pipeline.
    public func pipeline(_ queries: [Query]) throws -> [Rows] {
        guard PQenterPipelineMode(handle) == 1 else {
            throw PostgresError(kind: .protocol, message: String(cString: PQerrorMessage(handle)))
        }
        defer { PQexitPipelineMode(handle) }
        var sent = 0
        var failure: PostgresError?
        /// The prepared statements (``Query/prepared``) new to the session, sent with the queries
        /// at these indexes, each just before its query: remembered once the server prepared them.
        var preparing: [Int: String] = [:]
        for (index, query) in queries.enumerated() {
            var name: String?
            if query.isPrepared {
                name = preparedStatements[query.preparedKey] ?? preparing.first { queries[$0.key].preparedKey == query.preparedKey }?.value
                if name == nil {
                    let new = Self.statementName(preparedStatements.count + preparing.count)
                    let accepted = query.withParameterTypes { PQsendPrepare(handle, new, query.sql, Int32(query.binds.count), $0) }
                    guard accepted == 1 else {
                        failure = PostgresError(kind: .connection, message: String(cString: PQerrorMessage(handle)))
                        break
                    }
                    preparing[index] = new
                    name = new
                }
            }
            let accepted = query.withParameters { count, types, values, lengths, formats in
                if let name { return PQsendQueryPrepared(handle, name, count, values, lengths, formats, 0) }
                return PQsendQueryParams(handle, query.sql, count, types, values, lengths, formats, 0)
            }
            guard accepted == 1 else {
                failure = PostgresError(kind: .connection, message: String(cString: PQerrorMessage(handle)))
                break
            }
            sent += 1
        }
        guard PQpipelineSync(handle) == 1 else {
            throw failure ?? PostgresError(kind: .connection, message: String(cString: PQerrorMessage(handle)))
        }
        /// The next result and the nil after it; a failure kept as the pipeline's (the first one).
        func next(for query: Query) throws -> OpaquePointer? {
            guard let result = PQgetResult(handle) else {
                throw PostgresError(kind: .connection, message: String(cString: PQerrorMessage(handle)))
            }
            while let extra = PQgetResult(handle) { PQclear(extra) }
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
                return result
            case PGRES_PIPELINE_ABORTED:
                break
            default:
                if failure == nil {
                    failure = PostgresError(result: result, fallback: "\(String(cString: PQerrorMessage(handle))) in: \(query.sql.prefix(60))")
                }
            }
            PQclear(result)
            return nil
        }
        var rows: [Rows] = []
        for (index, query) in queries.prefix(sent).enumerated() {
            // The statement's preparation first, when it was sent with it; a statement the server
            // skipped gives PIPELINE_ABORTED.
            if let name = preparing[index], let prepared = try next(for: query) {
                PQclear(prepared)
                preparedStatements[query.preparedKey] = name
            }
            if let result = try next(for: query) { rows.append(Rows(result: result)) }
        }
        // The sync point: the pipeline is over, and the connection idle again.
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        if let failure { throw failure }
        return rows
    }
}
