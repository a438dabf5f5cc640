import CivicPulseCore
import Foundation
import Postgres

/// What the weekly summary reads of residents' talk: from the processor's hourly counts of
/// residents' messages (`projections.hourly_counts`, the spike detector's input), not the log,
/// so a week reads 168 hours per series instead of every message.
public enum ListeningQueries {
    /// The busiest listening topics from `start` to `end`, most messages first (at most `limit`),
    /// each with its messages from `previousStart` to `previousEnd` (the week before).
    public static func topics(org: String, start: Date, end: Date, previousStart: Date, previousEnd: Date, limit: Int,
                              on connection: Connection) throws -> [(topic: String, messages: Int, previous: Int)] {
        try connection.query("""
            SELECT value AS topic,
                   coalesce(sum(count) FILTER (WHERE hour >= \(start)), 0) AS messages,
                   coalesce(sum(count) FILTER (WHERE hour < \(previousEnd)), 0) AS previous
            FROM projections.hourly_counts
            WHERE org = \(org) AND dimension = \(SpikeSeriesKey.topic)
              AND hour >= \(previousStart) AND hour < \(end)
            GROUP BY value
            HAVING sum(count) FILTER (WHERE hour >= \(start)) > 0
            ORDER BY messages DESC, topic
            LIMIT \(limit)
            """).map { (topic: try $0.decode(String.self, 0), messages: try $0.decode(Int.self, 1), previous: try $0.decode(Int.self, 2)) }
    }

    /// Every hour from `start` to `end` with residents' messages and mentions in it, quiet hours
    /// as 0: busiest first, then in time order.
    public static func hours(org: String, start: Date, end: Date, on connection: Connection) throws -> [(hour: Date, messages: Int)] {
        let residentSeries = [SpikeSeriesKey.allInbound, SpikeSeriesKey.allMentions]
        return try connection.query("""
            WITH hours AS (
                SELECT generate_series(\(start)::timestamptz, \(end)::timestamptz - interval '1 hour', interval '1 hour') AS hour
            ), counts AS (
                SELECT hour, sum(count)::bigint AS messages
                FROM projections.hourly_counts
                WHERE org = \(org) AND (dimension, value) IN (SELECT * FROM unnest(\(residentSeries.map(\.dimension))::text[], \(residentSeries.map(\.value))::text[]))
                  AND hour >= \(start) AND hour < \(end)
                GROUP BY hour
            )
            SELECT hours.hour, coalesce(counts.messages, 0) FROM hours LEFT JOIN counts USING (hour)
            ORDER BY 2 DESC, 1
            """).map { (hour: try $0.decode(Date.self, 0), messages: try $0.decode(Int.self, 1)) }
    }
}
