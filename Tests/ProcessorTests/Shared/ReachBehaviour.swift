// One behaviour suite for every `ReachRows`: ProcessorTests runs it over `MemoryReachRows` with no
// server, IntegrationTests (through a symbolic link to this file) over `PostgresReachRows` too,
// and compares the two implementations' rows.
import CivicPulseCore
import CivicPulseReadModel
import Foundation
import XCTest
@testable import CivicPulseProcessor

/// What a reader of the reach rows sees: each day's engagements per service, channel and account,
/// and the readings kept.
///
/// Engaged residents are a number: the exact count in memory, the `hll` sketch's estimate in
/// PostgreSQL. Two snapshots match when everything else is equal and the residents agree within
/// the sketch's error (`matches`); the counts and readings must be exact.
struct ReachSnapshot: Equatable, CustomStringConvertible {
    struct Day: Equatable {
        /// Every counted column (`EngagementRow.counted`), zero included.
        var counts: [String: Int]
        var postImpressions: Int64?
        var engagedResidents: Double

        var residents: Int { Int(engagedResidents.rounded()) }
        var engagements: Int { counts.values.reduce(0, +) }
    }

    struct Reading: Equatable {
        var value: Double
        var sourceMetric: String
        var sourceRank: Int
        /// In whole microseconds, as PostgreSQL keeps it.
        var observedAt: Double
        var position: Int64

        init(_ row: MetricReadingRow) {
            value = row.value
            sourceMetric = row.sourceMetric
            sourceRank = row.sourceRank
            observedAt = ResponseSnapshot.Item.microseconds(row.observedAt)
            position = row.position
        }
    }

    var days: [MemoryReachRows.DayKey: Day]
    var readings: [MemoryReachRows.ReadingKey: Reading]
    var timeZones: [String: String]

    init(days: [MemoryReachRows.DayKey: Day], readings: [MemoryReachRows.ReadingKey: Reading], timeZones: [String: String]) {
        self.days = days
        self.readings = readings
        self.timeZones = timeZones
    }

    init(_ rows: MemoryReachRows) {
        let zero = Dictionary(uniqueKeysWithValues: EngagementRow.counted.values.map { ($0, 0) })
        self.init(
            days: rows.days.mapValues {
                Day(counts: zero.merging($0.counts) { $1 }, postImpressions: $0.postImpressions, engagedResidents: Double($0.engagedResidents.count))
            },
            readings: rows.readings.mapValues(Reading.init), timeZones: rows.timeZones.mapValues(\.identifier)
        )
    }

    /// The day of the service on the channel, if it has a row.
    func day(_ service: String, _ channel: String, _ date: String) -> Day? {
        days.first { $0.key.service == service && $0.key.channel == channel && $0.key.day == CivilDate(date) }?.value
    }

    /// The readings kept of a metric.
    func readings(of metric: String) -> [Reading] {
        readings.filter { $0.key.metric == metric }.map(\.value)
    }

    /// Equal to `exact` but for engaged residents, which an estimate may give within three of the
    /// sketch's standard errors (2.3 %, migration 005) or one resident, whichever is more.
    func matches(_ exact: ReachSnapshot) -> Bool {
        guard days.keys == exact.days.keys, readings == exact.readings, timeZones == exact.timeZones else { return false }
        return days.allSatisfy { key, day in
            let other = exact.days[key]!
            let allowed = max(1, 3 * 0.023 * other.engagedResidents)
            return day.counts == other.counts && day.postImpressions == other.postImpressions
                && abs(day.engagedResidents - other.engagedResidents) <= allowed
        }
    }

    var description: String {
        days.sorted { "\($0.key.day) \($0.key.channel) \($0.key.service)" < "\($1.key.day) \($1.key.channel) \($1.key.service)" }
            .map { "\($0.key.day) \($0.key.channel) \($0.key.service): \($0.value.counts.filter { $0.value > 0 }) residents \($0.value.engagedResidents) impressions \($0.value.postImpressions.map(String.init) ?? "-")" }
            .joined(separator: "\n")
    }
}

/// A stretch of log and what the reach rows must show after it, whatever the batches.
struct ReachScenario {
    var name: String
    var events: [LoggedEvent]
    var expect: (ReachSnapshot) -> Void

    func run(on rows: any ReachRows, config: PipelineConfig, batchSize size: Int) throws {
        let projection = ReachProjection(rows: rows, config: config)
        for batch in events.batches(of: size) {
            try projection.apply(batch)
        }
    }
}

enum ReachBehaviour {
    /// Minutes after `LogScript.base` (Monday 09:00 in London, on GMT): 23:59 on Monday, and 00:01 on Tuesday.
    static let lastMinuteOfMonday = 899.0, firstMinuteOfTuesday = 901.0

    static func scenarios(org: String) -> [ReachScenario] {
        // Residents engage with two services on two channels, across local midnight; the council answers and posts.
        var spread = LogScript(org: org)
        spread.add(.comment, minute: 0, by: "ada", source: "a1", service: "waste")
        spread.add(.reaction, minute: 10, by: "ada", source: "a2", service: "waste")
        spread.add(.share, minute: lastMinuteOfMonday, by: "bo", source: "b1", service: "waste")
        spread.add(.comment, minute: firstMinuteOfTuesday, by: "bo", source: "b2", service: "waste")
        spread.add(.reply, minute: 30, by: "council", org: true, to: "ada", source: "r1", parent: "a1", service: "waste")
        spread.add(.mention, minute: 20, by: "cy", source: "t1", platform: "twitter", service: "libraries")
        spread.add(.post, minute: 40, by: "council", org: true, source: "t2", platform: "twitter", service: "libraries",
                   details: #"{"public_metrics": {"impression_count": 1200}}"#)
        spread.add(.post, minute: 50, by: "council", org: true, source: "t3", platform: "twitter", service: "libraries",
                   details: #"{"public_metrics": {"impression_count": 300}}"#)

        // Monday's engagements arrive after Tuesday's: one from a resident already counted that day, one new.
        var late = LogScript(org: org)
        late.add(.comment, minute: 0, by: "di", source: "d1", service: "leisure")
        late.add(.comment, minute: firstMinuteOfTuesday + 60, by: "di", source: "d2", service: "leisure")
        late.add(.reaction, minute: 5, by: "di", source: "d3", service: "leisure")
        late.add(.reaction, minute: 6, by: "ed", source: "e1", service: "leisure")

        // A comment deleted and another hidden: reach counts engagements made, which a deletion does not undo.
        var deleted = LogScript(org: org)
        deleted.add(.comment, minute: 0, by: "fi", source: "f1", service: "waste")
        deleted.add(.comment, minute: 1, by: "gu", source: "g1", service: "waste")
        deleted.add(.delete, minute: 5, by: "fi", source: "f1-deleted", parent: "f1", service: "waste")
        deleted.add(.hide, minute: 6, by: "council", org: true, source: "g1-hidden", parent: "g1", service: "waste")

        // Follower readings of one day: the better-ranked metric is kept whatever comes later, and
        // of one metric the latest read wins.
        var readings = LogScript(org: org)
        let follows = { (value: Int, hour: Int) in
            #"{"metric": "page_follows", "value": \#(value), "period": "day", "end_time": "2026-11-24T0\#(hour):00:00+0000"}"#
        }
        readings.add(.metricSnapshot, minute: 0, by: "council", org: true, source: "m1", service: "waste", details: follows(100, 8))
        readings.add(.metricSnapshot, minute: 10, by: "council", org: true, source: "m2", service: "waste",
                     details: #"{"metric": "page_fans", "value": 90, "period": "day", "end_time": "2026-11-24T09:00:00+0000"}"#)
        readings.add(.metricSnapshot, minute: 20, by: "council", org: true, source: "m3", service: "waste", details: follows(104, 9))
        readings.add(.metricSnapshot, minute: 30, by: "council", org: true, source: "m4", service: "waste", details: follows(101, 7))

        return [
            ReachScenario(name: "per day, service and channel", events: spread.events) { rows in
                XCTAssertEqual(rows.day("waste", "facebook", "2026-11-23")?.counts.filter { $0.value > 0 },
                               ["comments": 1, "reactions": 1, "shares": 1, "replies": 1], "\(rows)")
                XCTAssertEqual(rows.day("waste", "facebook", "2026-11-23")?.residents, 2, "ada and bo; not the council\n\(rows)")
                XCTAssertEqual(rows.day("waste", "facebook", "2026-11-24")?.engagements, 1, "00:01 is Tuesday\n\(rows)")
                XCTAssertEqual(rows.day("waste", "facebook", "2026-11-24")?.residents, 1)
                XCTAssertEqual(rows.day("libraries", "twitter", "2026-11-23")?.counts["mentions"], 1)
                XCTAssertEqual(rows.day("libraries", "twitter", "2026-11-23")?.postImpressions, 1500, "the council's tweets' impressions add up")
                XCTAssertNil(rows.day("waste", "facebook", "2026-11-23")?.postImpressions, "no impressions where none were given")
                XCTAssertEqual(rows.timeZones.values.first, "Europe/London")
            },
            ReachScenario(name: "late data", events: late.events) { rows in
                XCTAssertEqual(rows.day("leisure", "facebook", "2026-11-23")?.engagements, 3, "\(rows)")
                XCTAssertEqual(rows.day("leisure", "facebook", "2026-11-23")?.residents, 2, "di once, and ed\n\(rows)")
                XCTAssertEqual(rows.day("leisure", "facebook", "2026-11-24")?.engagements, 1)
            },
            ReachScenario(name: "deletions", events: deleted.events) { rows in
                XCTAssertEqual(rows.days.count, 1, "\(rows)")
                XCTAssertEqual(rows.day("waste", "facebook", "2026-11-23")?.counts.filter { $0.value > 0 }, ["comments": 2], "\(rows)")
                XCTAssertEqual(rows.day("waste", "facebook", "2026-11-23")?.residents, 2)
            },
            ReachScenario(name: "readings", events: readings.events) { rows in
                let followers = rows.readings(of: "followers")
                XCTAssertEqual(followers.map(\.value), [104], "page_follows over page_fans, the latest read of it\n\(followers)")
                XCTAssertEqual(followers.first?.sourceMetric, "page_follows")
                XCTAssertTrue(rows.days.isEmpty, "readings are no engagements")
            },
        ]
    }
}
