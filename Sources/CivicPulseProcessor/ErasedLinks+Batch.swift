import CivicPulsePrivacy
import CivicPulseReadModel
import Postgres

extension ErasedLinks {
    /// Clears, after a batch's projections are written, the links they hold of messages whose key
    /// is gone by now: those the batch brought, erased after the batch read them (``ErasureLock``
    /// says why this closes the race), and every version of a message a `delete` of the batch
    /// names, whose key ingest destroyed in the delete's transaction but which a batch may have
    /// copied before (read ahead, or processed before the delete arrived; docs/privacy.md). A
    /// rebuild reads no link for either, so clearing them keeps incremental processing equal to
    /// a rebuild. One query for the batch, two more only when something was erased; none when no
    /// event brought a link or a delete.
    static func clear(_ events: [LoggedEvent], on connection: Connection) throws {
        // Lazily: a filtered copy of the batch's events was 1 % of a rebuild's samples.
        let linked = events.lazy.filter { $0.url != nil }
        let deleted = Set(events.compactMap { event -> PlatformDeletions.Message? in
            guard event.kind == .delete, let parent = event.parentID else { return nil }
            return PlatformDeletions.Message(platform: event.platform, sourceType: event.sourceType, sourceID: parent)
        })
        let erased = try PlatformDeletions.erased(among: Array(linked.map(\.eventID)), versionsOf: deleted, on: connection)
        guard !erased.isEmpty else { return }
        // A correction's link is the corrected message's: its row is the corrected message's.
        let corrected = linked.compactMap { erased.contains($0.eventID) ? $0.corrected?.eventID : nil }
        _ = try clear(Array(erased) + corrected, on: connection)
    }
}
