import Foundation
import Postgres

/// Keeps `projections.response_weeks`: each local week's response figures as at its end, which
/// the weekly summary's trend reads instead of seven weeks of items (migration 026).
///
/// A batch only marks the weeks whose items it writes or deletes as stale, in its own
/// transaction (`ResponseRows`); `refresh` recomputes them once the log is drained, so a catch-up computes a
/// week once rather than once per batch. Until then a report asks for the stale week's figures
/// from the items, so none ever reads figures older than the items.
public struct ResponseWeekFigures {
    public let connection: Connection
    /// The council whose weeks these are: each council's are cut in its own time zone.
    public let org: String
    /// The council's pipeline's time zone, whose Mondays cut the weeks.
    public let zone: String

    public init(connection: Connection, org: String, timeZone: TimeZone) {
        self.connection = connection
        self.org = org
        self.zone = timeZone.identifier
    }

    /// Recomputes the council's stale weeks, and every week of the council's when its stored ones
    /// were cut in another time zone (or none is recorded), in the caller's transaction.
    ///
    /// Locks the stale marks first: a batch committing meanwhile either marked its weeks before
    /// (and this sees its items) or waits, and marks them again after this has cleared the marks.
    public func refresh() throws {
        try connection.execute("LOCK TABLE projections.response_weeks_stale IN SHARE ROW EXCLUSIVE MODE")
        let storedZone = try connection.query("SELECT time_zone FROM projections.response_weeks_zone WHERE org = \(org)")
            .first?.decode(String.self, 0)
        if storedZone != zone {
            try connection.query("DELETE FROM projections.response_weeks WHERE org = \(org)")
            try connection.query("""
                INSERT INTO projections.response_weeks_stale (org, week_start)
                SELECT DISTINCT org, date_trunc('week', opened_at, \(zone)) FROM projections.response_items WHERE org = \(org)
                ON CONFLICT DO NOTHING
                """)
            try connection.query("""
                INSERT INTO projections.response_weeks_zone (org, time_zone) VALUES (\(org), \(zone))
                ON CONFLICT (org) DO UPDATE SET time_zone = excluded.time_zone
                """)
        }
        // A stale week whose items all went (withdrawn before an answer) is stored by no rebuild,
        // which marks only weeks with items: its row goes, and rows are stored for weeks with items.
        try connection.query("""
            DELETE FROM projections.response_weeks stored USING projections.response_weeks_stale stale
            WHERE stored.org = stale.org AND stored.week_start = stale.week_start AND stale.org = \(org)
            """)
        try connection.query("""
            WITH weeks AS (
                SELECT org, array_agg(week_start ORDER BY week_start) AS starts,
                       array_agg(((week_start AT TIME ZONE \(zone)) + interval '7 days') AT TIME ZONE \(zone) ORDER BY week_start) AS ends
                FROM projections.response_weeks_stale WHERE org = \(org) GROUP BY org
            )
            INSERT INTO projections.response_weeks AS stored (org, week_start, week_end, inbound, answered, median_response_seconds,
                                                              within_target, judged, open, oldest_open_seconds, urgent)
            SELECT w.org, w.starts[t.n], w.ends[t.n], t.inbound, t.answered, t.median_response_seconds,
                   t.within_target, t.judged, t.open, t.oldest_open_seconds, t.urgent
            FROM weeks w, projections.response_week_totals(w.org, w.starts, w.ends, w.ends) t
            WHERE t.inbound > 0
            """)
        try connection.query("DELETE FROM projections.response_weeks_stale WHERE org = \(org)")
    }
}
