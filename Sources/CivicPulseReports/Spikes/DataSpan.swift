import CivicPulseReadModel
import Foundation
import Postgres

/// How far an org's data goes, as the processor's spike detector has seen it
/// (docs/emergencies.md): one row, by its primary key.
public struct DataSpan: Sendable {
    /// The first hour with a resident's message (an inbound message, a comment or a mention): the
    /// detector's history start, before which hours are unknown, not quiet. A week before it was
    /// not recorded, so a change against it is unknown rather than growth from zero.
    ///
    /// Not the log's earliest event: a platform dates the council's own posts and videos when they
    /// were published, so the demo's YouTube videos from October would make its first week of
    /// messages look like growth from zero weeks.
    var start: Date?
    /// The newest message time processed (the detector's watermark). Spikes are judged up to here,
    /// so after it a spike that is open is open for want of data, and an hour with no count is not
    /// known to be quiet. Nil, as `start`, when no message has been processed.
    var until: Date?

    /// How long the data may be silent before a report or `alerts` says it has stopped: a day.
    /// The small hours before a week ends are often quiet, and a monitor must not be paged by a
    /// quiet hour; a feed down for longer is worth a line.
    public static let quietAllowance: TimeInterval = 86_400

    static func load(org: String, on connection: Connection) throws -> DataSpan {
        let span = try SpikeQueries.dataSpan(org: org, on: connection)
        return DataSpan(start: span.start, until: span.until)
    }
}
