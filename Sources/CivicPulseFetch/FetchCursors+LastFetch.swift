import Foundation
import Postgres

extension FetchCursors {
    /// When a fetch last walked one of an account's endpoints to its end.
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

    /// Each account's last successful fetch, read only: a walk that ended, with something new or
    /// not, so a quiet account stays fresh here and one that fails (a revoked token) ages.
    public static func lastFetches(on connection: Connection) throws -> [LastFetch] {
        try connection.query("""
            SELECT platform, account, max(fetched_at) FROM civicpulse.fetch_cursors WHERE fetched_at IS NOT NULL
            GROUP BY platform, account ORDER BY 1, 2
            """).map { row in
            LastFetch(platform: try row.decode(String.self, 0), account: try row.decode(String.self, 1), at: try row.decode(Date.self, 2))
        }
    }
}
