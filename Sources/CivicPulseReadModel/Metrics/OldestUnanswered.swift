import Postgres

/// How long the oldest item still waiting for an answer has waited, for each service: what an
/// operator's alert watches, since a service whose oldest item keeps ageing has nobody on it.
///
/// An item is unanswered while `responded_at` is unset, as the SLA report's open backlog counts
/// it; the partial index on open items keeps this a read of the open items only.
public enum OldestUnanswered {
    /// Seconds the oldest unanswered item of each service has waited, by the database's clock;
    /// services with nothing open are absent.
    public static func ageByService(on connection: Connection) throws -> [String: Double] {
        var ages: [String: Double] = [:]
        for row in try connection.query("""
            SELECT service, extract(epoch FROM clock_timestamp() - min(opened_at))::float8
            FROM projections.response_items
            WHERE responded_at IS NULL
            GROUP BY service
            """) {
            ages[try row.decode(String.self, 0)] = try row.decode(Double.self, 1)
        }
        return ages
    }
}
