import Postgres

extension Checkpoint {
    /// Seconds since the oldest event beyond the checkpoint was recorded, by the database's
    /// clock; 0 when none waits.
    ///
    /// This is the processor's lag as a reader feels it: an item whose event has waited this
    /// long is missing from every report. The first event in (tx_id, position) order is the
    /// oldest waiting one (a transaction's events share its `recorded_at`), and finding it reads
    /// one entry of the log's index from the checkpoint, whatever the backlog.
    public static func oldestEventAge(on connection: Connection) throws -> Double {
        let checkpoint = try load(on: connection)
        return try connection.query("""
            SELECT coalesce((
                SELECT extract(epoch FROM clock_timestamp() - recorded_at)::float8 FROM civicpulse.events
                WHERE (tx_id, position) > (\(checkpoint.txID)::xid8, \(checkpoint.position))
                ORDER BY tx_id, position
                LIMIT 1
            ), 0)
            """)[0].decode(Double.self, 0)
    }
}
