import Foundation
import Postgres

extension FetchCursors {
    /// When a fetch last moved an account's mark: the newest move of any of its endpoints.
    public struct LastFetch: Sendable, Equatable {
        public let platform: String
        public let account: String
        public let at: Date

        public init(platform: String, account: String, at: Date) {
            self.platform = platform
            self.account = account
            self.at = at
        }
    }

    /// Each account's last move, read only: a mark moves when a walk ends with something new,
    /// so this is the last fetch that brought anything, and a quiet account ages here too.
    public static func lastFetches(on connection: Connection) throws -> [LastFetch] {
        try connection.query("""
            SELECT platform, account, max(updated_at) FROM civicpulse.fetch_cursors GROUP BY platform, account ORDER BY 1, 2
            """).map { row in
            LastFetch(platform: try row.decode(String.self, 0), account: try row.decode(String.self, 1), at: try row.decode(Date.self, 2))
        }
    }
}
