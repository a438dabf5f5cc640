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
        for query in queries {
            let accepted = query.binds.withCStrings { values in
                PQsendQueryParams(handle, query.sql, Int32(query.binds.count), nil, values, nil, nil, 0)
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
        var rows: [Rows] = []
        for query in queries.prefix(sent) {
            // One result a statement, then nil; a statement the server skipped gives PIPELINE_ABORTED.
            guard let result = PQgetResult(handle) else {
                throw PostgresError(kind: .connection, message: String(cString: PQerrorMessage(handle)))
            }
            while let extra = PQgetResult(handle) { PQclear(extra) }
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
                rows.append(Rows(result: result))
            case PGRES_PIPELINE_ABORTED:
                PQclear(result)
            default:
                if failure == nil {
                    failure = PostgresError(result: result, fallback: "\(String(cString: PQerrorMessage(handle))) in: \(query.sql.prefix(60))")
                }
                PQclear(result)
            }
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
