import CivicPulseReadModel
import Postgres

/// Gives the space of settled messages back during a catch-up.
///
/// The processor deletes from `projections.conversation_messages` about as many rows as it adds:
/// a message leaves when its conversation settles at its cut, or whole once silent for four weeks.
/// Autovacuum, which visits a database about once a minute, lags a catch-up of 10k–20k events a
/// second, and until it runs the table keeps the space of every row it held: after a rebuild of 1M
/// events, 68 MB for 12 MB of rows. So a catch-up vacuums the table itself every `every` events
/// it applies; the table is bounded by the conversations still open, so each time costs little.
struct StoredMessagesVacuum {
    static let every = 100_000
    private var applied = 0
    /// Whether this role may vacuum the table (only its owner may), asked once.
    private var mayVacuum: Bool?

    mutating func applied(_ events: Int, on connection: Connection) throws {
        applied += events
        guard applied >= Self.every else { return }
        applied = 0
        if mayVacuum == nil { mayVacuum = try PostgresResponseRows.mayReclaimSettledSpace(on: connection) }
        if mayVacuum == true { try PostgresResponseRows.reclaimSettledSpace(on: connection) }
    }
}
