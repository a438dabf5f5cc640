import Postgres

extension SettledMessages {
    /// The columns of `projections.conversation_settled` that `init(row:)` reads, in its order.
    public static let columns = "conversation_key, org, positions, urgent"

    /// A row of `columns`, or of the same four values in that order; `urgent` is NULL when none of
    /// the messages is urgent (migration 161).
    public init(row: Row) throws {
        self.init(conversationKey: try row.decode(String.self, 0), org: try row.decode(String.self, 1),
                  positions: try row.decode(BigIntArray.self, 2).values, urgent: try row.decode(BigIntArray?.self, 3)?.values ?? [])
    }
}
