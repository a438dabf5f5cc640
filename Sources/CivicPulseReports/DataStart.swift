import Foundation
import Postgres

/// Where an org's data begins: the first hour with a resident's message (an inbound message, a
/// comment or a mention) the processor has seen, the spike detector's history start
/// (docs/emergencies.md), for which earlier hours are unknown, not quiet. A week before it was
/// not recorded, so a change against it is unknown rather than growth from zero.
///
/// Not the log's earliest event: a platform dates the council's own posts and videos when they
/// were published, so the demo's YouTube videos from October would make its first week of
/// messages look like growth from zero weeks.
enum DataStart {
    /// Nil when no resident's message has been processed. One row, by its primary key.
    static func time(org: String, on connection: Connection) throws -> Date? {
        try connection.query("SELECT history_start FROM projections.spike_detector WHERE org = \(org)")
            .first.flatMap { try $0.decode(Date?.self, 0) }
    }
}
