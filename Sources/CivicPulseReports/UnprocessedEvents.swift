import Postgres

/// Events in the log the processor has not taken yet. Reports read the projections, so until
/// `civicpulse process` has run they show the figures as they stood before these events.
public enum UnprocessedEvents {
    /// Counting stops past this many. The count walks the log's (tx_id, position) index from the
    /// processor's checkpoint, so it costs what it counts: capped, it stays a few milliseconds
    /// however far behind the processor is (a bulk import can leave millions waiting).
    static let counted = 10_000

    /// The processor's checkpoint (`Processor.checkpointName`; reports do not depend on the processor).
    private static let checkpoint = "responses"

    /// How many events lie beyond the processor's checkpoint; `counted + 1` stands for more than `counted`.
    public static func count(on connection: Connection) throws -> Int {
        try connection.query("""
            SELECT count(*) FROM (
                SELECT 1 FROM civicpulse.events
                WHERE (tx_id, position) > (coalesce((SELECT tx_id FROM projections.checkpoints WHERE name = \(checkpoint)), '0'::xid8),
                                           coalesce((SELECT position FROM projections.checkpoints WHERE name = \(checkpoint)), 0))
                LIMIT \(counted + 1)
            ) AS waiting
            """)[0].decode(Int.self, 0)
    }

    /// `1,234 events not processed yet: run `civicpulse process`.`, or nil when none wait.
    static func note(_ count: Int) -> String? {
        guard count > 0 else { return nil }
        let events = count > counted ? "Over \(Formatting.count(counted)) events" : count == 1 ? "1 event" : "\(Formatting.count(count)) events"
        return "\(events) not processed yet: run `civicpulse process`."
    }
}
