import CivicPulseCore
import Foundation

/// `ReachRows` in memory, with the behaviour of `PostgresReachRows`, so that the reach
/// projection's logic can be tested step by step without a server.
///
/// One difference, on purpose: a day's engaged residents are the exact set of their hashes, where
/// PostgreSQL keeps an `hll` sketch (an estimate within 2.3 % standard error, migration 005). The
/// counts, impressions and readings are exact in both; the shared suite compares the residents
/// within the sketch's error.
public final class MemoryReachRows: ReachRows {
    /// `projections.engagement_daily`'s key.
    public struct DayKey: Hashable, Sendable {
        public var org: String
        public var service: String
        public var channel: String
        public var account: String
        public var day: CivilDate

        public init(org: String, service: String, channel: String, account: String, day: CivilDate) {
            self.org = org
            self.service = service
            self.channel = channel
            self.account = account
            self.day = day
        }
    }

    /// A row of `projections.engagement_daily`.
    public struct Day: Equatable, Sendable {
        /// Engagements by the column that counts their kind (`EngagementRow.counted`).
        public var counts: [String: Int] = [:]
        public var postImpressions: Int64?
        public var engagedResidents: Set<Data> = []
    }

    /// `projections.account_metrics_daily`'s key.
    public struct ReadingKey: Hashable, Sendable {
        public var day: DayKey
        public var metric: String
        public var period: String

        public init(day: DayKey, metric: String, period: String) {
            self.day = day
            self.metric = metric
            self.period = period
        }
    }

    public private(set) var days: [DayKey: Day] = [:]
    public private(set) var readings: [ReadingKey: MetricReadingRow] = [:]
    public private(set) var timeZones: [String: TimeZone] = [:]

    public init() {}

    public func setTimeZone(org: String, _ zone: TimeZone) throws {
        timeZones[org] = zone
    }

    public func addEngagements(_ rows: [EngagementRow]) throws {
        for row in rows {
            let key = DayKey(org: row.org, service: row.service, channel: row.channel, account: row.account, day: row.day)
            var day = days[key] ?? Day()
            if let column = EngagementRow.counted[row.kind] { day.counts[column, default: 0] += 1 }
            if let impressions = row.impressions { day.postImpressions = (day.postImpressions ?? 0) + impressions }
            if let resident = row.resident { day.engagedResidents.insert(resident) }
            days[key] = day
        }
    }

    public func removeEngagements(_ rows: [EngagementRow]) throws {
        for row in rows {
            let key = DayKey(org: row.org, service: row.service, channel: row.channel, account: row.account, day: row.day)
            guard var day = days[key], let column = EngagementRow.counted[row.kind] else { continue }
            day.counts[column, default: 0] -= 1
            if day.counts[column] == 0 { day.counts[column] = nil }
            days[key] = day.counts.isEmpty && day.postImpressions == nil ? nil : day
        }
    }

    public func addReadings(_ rows: [MetricReadingRow]) throws {
        for row in rows {
            let key = ReadingKey(day: DayKey(org: row.org, service: row.service, channel: row.channel, account: row.account, day: row.day),
                                 metric: row.metric, period: row.period)
            if let kept = readings[key], !Self.ranks(row, above: kept) { continue }
            readings[key] = row
        }
    }

    public func reset() throws {
        days = [:]
        readings = [:]
    }

    /// The org's local days with a row of engagements or a reading: the days `CoverageQueries`
    /// counts as covered, as it reads them from PostgreSQL's two tables.
    public func coveredDays(org: String) -> Set<CivilDate> {
        Set(days.keys.filter { $0.org == org }.map(\.day) + readings.keys.filter { $0.day.org == org }.map(\.day.day))
    }

    /// The order `PostgresReachRows` keeps readings in: lowest rank, then latest observed, then latest in the log.
    private static func ranks(_ new: MetricReadingRow, above kept: MetricReadingRow) -> Bool {
        if new.sourceRank != kept.sourceRank { return new.sourceRank < kept.sourceRank }
        if new.observedAt != kept.observedAt { return new.observedAt > kept.observedAt }
        return new.position > kept.position
    }
}
