import Postgres

/// The high-water marks in `civicpulse.fetch_cursors`: this type is the table's only reader and writer.
public enum FetchCursors {
    /// The mark for an account's endpoint, or nil before its first complete walk.
    public static func load(platform: String, account: String, endpoint: String, on connection: Connection) throws -> String? {
        try connection.query("""
            SELECT since_id FROM civicpulse.fetch_cursors
            WHERE platform = \(platform) AND account = \(account) AND endpoint = \(endpoint)
            """).first?.decode(String.self, 0)
    }

    /// Moves the mark; called inside the transaction that appends the walk's last page.
    public static func save(_ sinceID: String, platform: String, account: String, endpoint: String, on connection: Connection) throws {
        try connection.query("""
            INSERT INTO civicpulse.fetch_cursors (platform, account, endpoint, since_id)
            VALUES (\(platform), \(account), \(endpoint), \(sinceID))
            ON CONFLICT (platform, account, endpoint) DO UPDATE SET since_id = excluded.since_id, updated_at = now()
            """)
    }
}
