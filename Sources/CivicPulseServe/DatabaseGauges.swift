import CivicPulseFetch
import CivicPulseReadModel
import Postgres

/// What `/metrics` reads from the database at each scrape: the processor's lag, the oldest
/// unanswered item of each service, and each account's last fetch.
struct DatabaseGauges: Sendable {
    /// Events beyond the processor's checkpoint, counted up to ``countedEvents`` and one more.
    var unprocessedEvents: Int
    /// Seconds the oldest of those events has waited; 0 when none waits.
    var lagSeconds: Double
    var oldestUnanswered: [String: Double]
    var lastFetches: [FetchCursors.LastFetch]

    /// Counting stops past this many, so a scrape costs at most a walk of this many index
    /// entries however far behind the processor is (a bulk import can leave millions waiting).
    static let countedEvents = 100_000

    static func read(on connection: Connection) throws -> DatabaseGauges {
        DatabaseGauges(
            unprocessedEvents: try Checkpoint.eventsBeyond(limit: countedEvents, on: connection),
            lagSeconds: try Checkpoint.oldestEventAge(on: connection),
            oldestUnanswered: try OldestUnanswered.ageByService(on: connection),
            lastFetches: try FetchCursors.lastFetches(on: connection)
        )
    }
}
