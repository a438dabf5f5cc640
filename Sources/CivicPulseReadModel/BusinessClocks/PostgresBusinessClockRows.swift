import CivicPulseCore
import Foundation
import Postgres

/// `BusinessClockRows` in PostgreSQL, in the caller's transaction: the processor's batch and its
/// checkpoint commit together.
public struct PostgresBusinessClockRows: BusinessClockRows {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    public func stored(org: String) throws -> [String: StoredBusinessClock] {
        let rows = try connection.query("""
            SELECT c.calendar_version, c.covers_from, c.covers_to, p.starts_at, p.ends_at, p.open_millis_before
            FROM projections.business_clocks c
            LEFT JOIN LATERAL (
                SELECT * FROM projections.business_clock_periods p
                WHERE p.org = c.org AND p.calendar_version = c.calendar_version ORDER BY p.starts_at DESC LIMIT 1
            ) p ON true
            WHERE c.org = \(org)
            """)
        return Dictionary(uniqueKeysWithValues: try rows.map { row in
            var last: BusinessClockPeriod?
            if let start = try row.decode(Date?.self, 3), let end = try row.decode(Date?.self, 4), let before = try row.decode(Int?.self, 5) {
                last = BusinessClockPeriod(start: start, end: end, openMillisBefore: before)
            }
            return (try row.decode(String.self, 0), StoredBusinessClock(coversFrom: try row.decode(Date.self, 1), coversTo: try row.decode(Date.self, 2), last: last))
        })
    }

    public func replace(org: String, label: String, from: Date, to: Date, periods: [BusinessClockPeriod]) throws {
        try connection.query("DELETE FROM projections.business_clock_periods WHERE org = \(org) AND calendar_version = \(label)")
        try connection.query("""
            INSERT INTO projections.business_clocks (org, calendar_version, covers_from, covers_to) VALUES (\(org), \(label), \(from), \(to))
            ON CONFLICT (org, calendar_version) DO UPDATE SET covers_from = excluded.covers_from, covers_to = excluded.covers_to
            """)
        try insert(org: org, label: label, periods)
    }

    public func extend(org: String, label: String, to: Date, periods: [BusinessClockPeriod]) throws {
        try connection.query("UPDATE projections.business_clocks SET covers_to = \(to) WHERE org = \(org) AND calendar_version = \(label)")
        try insert(org: org, label: label, periods)
    }

    private func insert(org: String, label: String, _ periods: [BusinessClockPeriod]) throws {
        guard !periods.isEmpty else { return }
        try connection.copyIn("""
            COPY projections.business_clock_periods (org, calendar_version, starts_at, ends_at, open_millis_before) FROM STDIN
            """) { writer in
            for period in periods {
                writer.field(org)
                writer.field(label)
                writer.field(period.start)
                writer.field(period.end)
                writer.field(period.openMillisBefore)
                try writer.endRow()
            }
        }
    }

    public func reset() throws {
        try connection.execute("TRUNCATE projections.business_clocks, projections.business_clock_periods")
    }
}

