import CivicPulseReadModel
import Postgres

/// Events in the log the processor has not taken yet. Reports read the projections, so until
/// `civicpulse process` has run they show the figures as they stood before these events.
public enum UnprocessedEvents {
    /// Counting stops past this many. The count walks the log's (tx_id, position) index from the
    /// processor's checkpoint, so it costs what it counts: capped, it stays a few milliseconds
    /// however far behind the processor is (a bulk import can leave millions waiting).
    static let counted = 10_000

    /// How many events lie beyond the processor's checkpoint; `counted + 1` stands for more than `counted`.
    public static func count(on connection: Connection) throws -> Int {
        try Checkpoint.eventsBeyond(limit: counted, on: connection)
    }

    /// `1,234 events not processed yet: run `civicpulse process`.`, or nil when none wait.
    static func note(_ count: Int) -> String? {
        guard count > 0 else { return nil }
        let events = count > counted ? "Over \(Formatting.count(counted)) events" : count == 1 ? "1 event" : "\(Formatting.count(count)) events"
        return "\(events) not processed yet: run `civicpulse process`."
    }
}
