import CivicPulsePrivacy
import CivicPulseReadModel
import Foundation
import Postgres

/// The projections lose the link of a message its platform deleted when the processor reaches
/// the `delete` (docs/privacy.md). Ingest destroyed the message's key in the delete's
/// transaction, but a batch may have copied the link before: read ahead, or processed before the
/// delete arrived. A rebuild reads no link for it at all, so clearing it here keeps incremental
/// processing equal to a rebuild.
enum DeletedMessageLinks {
    /// Clears the links of the messages `events`' deletes name, and of their other versions,
    /// whose keys are destroyed; in the batch's transaction, before the projections read them.
    static func clear(deletedBy events: [LoggedEvent], on connection: Connection) throws {
        let deleted = Set(events.compactMap { event -> PlatformDeletions.Message? in
            guard event.kind == .delete, let parent = event.parentID else { return nil }
            return PlatformDeletions.Message(platform: event.platform, sourceType: event.sourceType, sourceID: parent)
        })
        _ = try ErasedLinks.clear(try PlatformDeletions.erasedVersions(of: deleted, on: connection), on: connection)
    }
}
