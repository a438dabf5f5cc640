import CivicPulseIngest

/// What became of a delivery handed to the ``IngestWorker``; only ``committed(_:)`` earns a 200.
public enum DeliveryOutcome: Sendable {
    /// Archived, read and committed: its events and quarantined records are in the database
    /// (an unreadable body is archived and reported, with nothing to commit).
    case committed(FileReport)
    /// The queue was full: the platform should deliver it again later.
    case queueFull
    /// Not committed: the database could not be reached or failed. The platform redelivers, and
    /// what did land before counts as duplicate then.
    case databaseDown
    /// The body could not be written to the archive (a full disk, permissions): nothing was read.
    case notArchived
}
