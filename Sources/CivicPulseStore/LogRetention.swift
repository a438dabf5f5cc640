import Foundation
import Postgres

/// Whole recorded months of the log dropped under the pipeline's `retention.events`
/// (docs/privacy.md, "Dropping whole old periods of the log"); owns `civicpulse.dropped_months`.
///
/// A month is a calendar month of `recorded_at` in UTC: the unit a backup and an ingest run are
/// in, and one the log can tell without reading a payload. One goes whole, through
/// `civicpulse.drop_recorded_month` (migration 127), the only way past the log's append-only
/// trigger; the projections are the caller's to empty and replay in the same transaction.
public enum LogRetention {
    /// The months of the log due to be dropped: recorded wholly before a cutoff.
    public struct Due: Sendable, Equatable {
        public var months: [Date]
        public var events: Int
    }

    /// What dropping months did, for the run's line and the register (counts only).
    public struct Dropped: Sendable, Equatable {
        public var months: [Date] = []
        public var events = 0
        /// Messages whose key went with them while they could still be read.
        public var keysDestroyed = 0
        /// Residents with no event left, whose pseudonym was unlinked.
        public var residents = 0
        public var quarantined = 0
        public var ingestRuns = 0

        public init() {}
    }

    /// The first instant of `cutoff`'s month in UTC: every month that ends by then is due.
    public static func monthStart(of cutoff: Date) -> Date {
        utc.dateInterval(of: .month, for: cutoff)!.start
    }

    /// The recorded months that end by `cutoff`'s month, oldest first, with their events.
    public static func due(before cutoff: Date, on connection: Connection) throws -> Due {
        let rows = try connection.query("""
            SELECT (date_trunc('month', recorded_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'), count(*)::bigint FROM civicpulse.events
            WHERE recorded_at < \(monthStart(of: cutoff)) GROUP BY 1 ORDER BY 1
            """)
        return Due(months: try rows.map { try $0.decode(Date.self, 0) }, events: try rows.reduce(0) { $0 + (try $1.decode(Int.self, 1)) })
    }

    /// Drops every month due before `cutoff`, oldest first, in the caller's transaction.
    /// A second run at once waits for the first (an advisory lock), then finds nothing due.
    public static func drop(before cutoff: Date, on connection: Connection) throws -> Dropped {
        try connection.execute("SELECT pg_advisory_xact_lock(\(lockKey))")
        var dropped = Dropped()
        for month in try due(before: cutoff, on: connection).months {
            let row = try connection.query("""
                SELECT events, keys_destroyed, residents_unlinked, quarantined, ingest_runs
                FROM civicpulse.drop_recorded_month((\(month)::timestamptz AT TIME ZONE 'UTC')::date)
                """)[0]
            dropped.months.append(month)
            dropped.events += try row.decode(Int.self, 0)
            dropped.keysDestroyed += try row.decode(Int.self, 1)
            dropped.residents += try row.decode(Int.self, 2)
            dropped.quarantined += try row.decode(Int.self, 3)
            dropped.ingestRuns += try row.decode(Int.self, 4)
        }
        return dropped
    }

    /// Asks for the end of the newest month dropped (read by ``horizon(in:)``): an event sent
    /// before it is past the log's retention, and a file holding only such events is refused, not
    /// appended again. A statement to send with others (``Connection/pipeline(_:)``): ingest asks
    /// it with each file's run, in one round trip.
    public static let horizonQuery: Query = .prepared("""
        SELECT (max(month) + interval '1 month') AT TIME ZONE 'UTC' FROM civicpulse.dropped_months
        """)

    /// The horizon ``horizonQuery`` answered; nil when no month was dropped.
    public static func horizon(in rows: Rows) throws -> Date? {
        try rows[0].decode(Date?.self, 0)
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The advisory lock's key: "cpdrop" in ASCII.
    private static let lockKey: Int64 = 0x63_70_64_72_6F_70
}
