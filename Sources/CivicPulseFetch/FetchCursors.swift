import Postgres

/// The high-water marks in `civicpulse.fetch_cursors`: this type is the table's only reader and writer.
public enum FetchCursors {
    /// The mark for an account's endpoint, or nil before a walk first found something.
    public static func load(platform: String, account: String, endpoint: String, on connection: Connection) throws -> String? {
        try connection.query("""
            SELECT since_id FROM civicpulse.fetch_cursors
            WHERE platform = \(platform) AND account = \(account) AND endpoint = \(endpoint)
            """).first?.decode(String?.self, 0)
    }

    /// Records a walk that reached its end: the time always, the mark when it moved (`sinceID`
    /// not nil); called inside the transaction that appends the walk's last page.
    public static func save(_ sinceID: String?, platform: String, account: String, endpoint: String, on connection: Connection) throws {
        try connection.query("""
            INSERT INTO civicpulse.fetch_cursors (platform, account, endpoint, since_id, fetched_at)
            VALUES (\(platform), \(account), \(endpoint), \(sinceID), now())
            ON CONFLICT (platform, account, endpoint) DO UPDATE SET
                since_id = coalesce(excluded.since_id, fetch_cursors.since_id),
                updated_at = CASE WHEN excluded.since_id IS NULL THEN fetch_cursors.updated_at ELSE now() END,
                fetched_at = now()
            """)
    }
}
