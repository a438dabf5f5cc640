/// What `/healthz` says: whether the database answers, and how far the processor is behind.
public enum HealthReading: Sendable {
    /// The database answered; `unprocessedEvents` is capped as reports cap it.
    case ok(unprocessedEvents: Int)
    case databaseDown
}
