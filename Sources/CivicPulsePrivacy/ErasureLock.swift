import Postgres

/// Keeps an erasure's clearing of links and a processor batch's writing of them apart.
///
/// `forget`, `privacy reapply` and retention destroy keys and clear the erased messages' links
/// from the projections in their own transaction; a processor batch that read a message just
/// before (read ahead on another connection, or earlier in its own transaction) would write the
/// link back after the erasure's clear. Each batch holds this lock shared while it writes and
/// then clears the links of any message of the batch whose key is gone by then
/// (``MessageKeys/erased(among:on:)``, one query a batch); an erasure holds it exclusively. So
/// either the erasure commits first and the batch's check sees its destroyed keys, or the batch
/// commits first and the erasure's clear sees the batch's rows. Batches do not wait for each
/// other.
public enum ErasureLock {
    /// Taken by an erasure, for the rest of its transaction.
    public static func exclusive(on connection: Connection) throws {
        try connection.execute("SELECT pg_advisory_xact_lock(\(key))")
    }

    /// Taken by a processor batch, for the rest of its transaction.
    public static func shared(on connection: Connection) throws {
        try connection.execute("SELECT pg_advisory_xact_lock_shared(\(key))")
    }

    /// "cperase" in ASCII.
    private static let key: Int64 = 0x63_70_65_72_61_73_65
}
