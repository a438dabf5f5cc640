import Postgres

/// A batch whose projection rows the server refused, said in one sentence safe to print and log.
///
/// A projection's statement failing (a constraint, a trigger, a full disk) is a fault for a person
/// to look into, not input a user can fix, and PostgreSQL's own words name the constraint and, in
/// its detail, can quote the row, a resident's words included. So `description` names the batch,
/// the SQLSTATE and what became of it (nothing was kept; the checkpoint did not move); the server's
/// error is in `debugDescription` only.
public struct ProcessorError: Error, CustomStringConvertible, CustomDebugStringConvertible, Sendable {
    /// Events in the refused batch.
    public let events: Int
    /// The log position the batch came after: where the checkpoint still stands.
    public let after: Int64
    /// The server's error, with its constraint names and detail.
    public let underlying: PostgresError

    public init(events: Int, after: Int64, underlying: PostgresError) {
        self.events = events
        self.after = after
        self.underlying = underlying
    }

    public var description: String {
        "the database refused the projections' rows for \(events) event\(events == 1 ? "" : "s") after log position \(after) "
            + "(SQLSTATE \(underlying.sqlState ?? "unknown")), so none were kept and the checkpoint did not move: "
            + "once the cause is fixed, `civicpulse process` takes them up again"
    }

    public var debugDescription: String {
        "\(description); \(underlying.debugDescription)"
    }
}
