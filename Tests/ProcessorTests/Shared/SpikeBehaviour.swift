// One behaviour suite for every `SpikeRows`: ProcessorTests runs it over `MemorySpikeRows` with no
// server, IntegrationTests (through a symbolic link to this file) over `PostgresSpikeRows` too,
// and compares the two implementations' rows and statements.
import CivicPulseCore
import CivicPulseReadModel
import Foundation
import XCTest
@testable import CivicPulseProcessor

/// What a reader of the spike rows sees after a stretch of log: the spikes found, the statements
/// appended to the log, the hourly counts, and which residents' messages are urgent.
struct SpikeSnapshot: Equatable, CustomStringConvertible {
    /// Each series' spikes ("topic flooding"), in order of start.
    var spikes: [String: [SpikeInterval]]
    /// The statements appended, as "kind source_id".
    var statements: Set<String>
    /// Messages per series: the sum of its hourly counts.
    var counted: [String: Int]
    /// The conversational messages that are urgent.
    var urgent: Set<UUID>

    init(spikes: [String: [SpikeInterval]], statements: Set<String>, counted: [String: Int], urgent: Set<UUID>) {
        self.spikes = spikes
        self.statements = statements
        self.counted = counted
        self.urgent = urgent
    }

    init(_ rows: MemorySpikeRows, responses: MemoryResponseRows, log: [LoggedEvent], org: String) throws {
        let keys = Array((rows.hourlyCounts[org] ?? [:]).keys)
        self.init(
            spikes: Dictionary(uniqueKeysWithValues: try rows.spikes(org: org, keys: keys).map { ($0.key.description, $0.value) }),
            statements: Set(rows.statements.map { "\($0.kind.rawValue) \($0.sourceID)" }),
            counted: Dictionary(uniqueKeysWithValues: (rows.hourlyCounts[org] ?? [:]).map { ($0.key.description, $0.value.values.reduce(0, +)) }),
            urgent: Set(responses.urgency(log: log).filter(\.value).keys)
        )
    }

    var description: String {
        spikes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.map { "\($0.start)–\($0.end.map(String.init(describing:)) ?? "ongoing")" })" }
            .joined(separator: "\n") + "\n\(statements.sorted().joined(separator: "\n"))"
    }
}

/// A stretch of log and what the spike rows must show after it.
struct SpikeScenario {
    var name: String
    var events: [LoggedEvent]
    var expect: (SpikeSnapshot) -> Void

    /// Applies the events in batches of `size` to every projection, as the processor does.
    func run(on projections: BatchProjections, batchSize size: Int) throws {
        for batch in events.batches(of: size) {
            try projections.apply(batch)
        }
    }
}

/// The read model in memory: the response, reach, spike, YouTube and business clock rows a batch is applied to.
struct MemoryReadModel {
    let responses: MemoryResponseRows
    let spikes: MemorySpikeRows
    let projections: BatchProjections
    private let messageLog: [LoggedEvent]

    /// - Parameters:
    ///   - log: the events of the log, from which settled messages are read again.
    ///   - transactionsSeen: whether the spike projection sees the log's transactions (false
    ///     beside a database whose log does not hold the events).
    init(config: PipelineConfig, log: [LoggedEvent], transactionsSeen: Bool = true) {
        responses = MemoryResponseRows(timeZone: config.timeZone)
        let reach = MemoryReachRows()
        spikes = MemorySpikeRows(responses: responses, reach: reach, log: transactionsSeen ? log.map { ($0.org, $0.txID, $0.position) } : [])
        messageLog = log
        let answers = ResponseProjection(rows: responses, links: MemoryConversationLinks(), log: MemoryMessageLog(events: log), config: config)
        projections = BatchProjections(
            responses: answers, reach: ReachProjection(rows: reach, config: config),
            spikes: SpikeProjection(rows: spikes, responses: answers, config: config, processedEnd: { nil }),
            youTube: YouTubeProjection(rows: MemoryYouTubeRows()),
            businessClocks: BusinessClockProjection(rows: MemoryBusinessClockRows(), config: config))
    }

    func snapshot(org: String) throws -> SpikeSnapshot {
        try SpikeSnapshot(spikes, responses: responses, log: messageLog, org: org)
    }
}

enum SpikeBehaviour {
    /// Three weeks and two days of ordinary questions from Monday 2 November 2026, each answered
    /// half an hour later (4 an hour in the daytime, 1 at night) and a mention every other daytime
    /// hour, with a flood on Saturday 21 November from 10:00 to 16:59: 30 questions an hour on
    /// the topic flooding and 30 mentions of it. One transaction a day.
    static func flood(org: String) -> (events: [LoggedEvent], floodQuestions: Set<UUID>, ordinaryQuestions: Set<UUID>) {
        let start = Date(timeIntervalSince1970: 1_793_577_600)   // 2026-11-02 00:00 in London (GMT)
        var messages: [(at: Double, add: (inout LogScript, Double) -> UUID?)] = []
        for day in 0..<23 {
            for hour in 0..<24 {
                let daytime = (8..<22).contains(hour)
                for index in 0..<(daytime ? 4 : 1) {
                    let minute = Double((day * 24 + hour) * 60 + index * 12 + 1)
                    let id = "q\(day)-\(hour)-\(index)"
                    messages.append((minute, { log, at in
                        log.add(.inboundMessage, minute: at, by: "r-\(id)", source: id, conversation: id, platform: "twitter", service: "waste")
                    }))
                    messages.append((minute + 30, { log, at in
                        log.add(.reply, minute: at, by: "council", org: true, to: "r-\(id)", source: "a-\(id)", conversation: id,
                                parent: id, platform: "twitter", service: "waste")
                        return nil
                    }))
                }
                if daytime, hour % 2 == 0 {
                    messages.append((Double((day * 24 + hour) * 60 + 30), { log, at in
                        log.add(.mention, minute: at, by: "walker-\(day)-\(hour)", source: "m\(day)-\(hour)", platform: "twitter")
                        return nil
                    }))
                }
            }
        }
        var flooded: [Double] = []
        for hour in 10...16 {
            for index in 0..<30 {
                let minute = Double((19 * 24 + hour) * 60 + index * 2)
                let id = "flood\(hour)-\(index)"
                flooded.append(minute)
                messages.append((minute, { log, at in
                    log.add(.inboundMessage, minute: at, by: "r-\(id)", source: id, conversation: id, topics: ["flooding"],
                            platform: "twitter", service: "highways")
                }))
                messages.append((minute + 1, { log, at in
                    log.add(.mention, minute: at, by: "w-\(id)", source: "banks-\(id)", topics: ["flooding"], platform: "twitter")
                    return nil
                }))
            }
        }
        var log = LogScript(org: org)
        let offset = start.timeIntervalSince(LogScript.base) / 60
        var floodQuestions: Set<UUID> = [], ordinaryQuestions: Set<UUID> = []
        let floodMinutes = Set(flooded)
        for message in messages.sorted(by: { $0.at < $1.at }) {
            guard let id = message.add(&log, offset + message.at) else { continue }
            if floodMinutes.contains(message.at) { floodQuestions.insert(id) } else { ordinaryQuestions.insert(id) }
        }
        let events = log.events.map { event in
            var event = event
            event.txID = String(1000 + Int(event.occurredAt.timeIntervalSince(start) / 86_400))
            return event
        }
        return (events, floodQuestions, ordinaryQuestions)
    }

    /// A week from Monday 2 November 2026 with 40 questions every hour, two weeks with no event at
    /// all (the feeds were down), then two days as busy: one transaction a day. Judged against the
    /// gap's zeros (a weekly baseline of a third), the hours after it would read as a surge.
    static func resumedAfterGap(org: String) -> [LoggedEvent] {
        let start = Date(timeIntervalSince1970: 1_793_577_600)   // 2026-11-02 00:00 in London (GMT)
        var log = LogScript(org: org)
        let offset = start.timeIntervalSince(LogScript.base) / 60
        for day in Array(0..<7) + [21, 22] {
            for hour in 0..<24 {
                for index in 0..<40 {
                    let id = "busy\(day)-\(hour)-\(index)"
                    log.add(.inboundMessage, minute: offset + Double((day * 24 + hour) * 60) + Double(index) * 1.5,
                            by: "r-\(id)", source: id, conversation: id, platform: "twitter", service: "waste")
                }
            }
        }
        return log.events.map { event in
            var event = event
            event.txID = String(1000 + Int(event.occurredAt.timeIntervalSince(start) / 86_400))
            return event
        }
    }

    static func scenarios(org: String) -> [SpikeScenario] {
        let flood = flood(org: org)
        let topic = SpikeSeriesKey(dimension: SpikeSeriesKey.topic, value: "flooding").description
        return [
            SpikeScenario(name: "busy days after a gap", events: resumedAfterGap(org: org)) { rows in
                XCTAssertEqual(rows.spikes, [:], "the days after the gap are as busy as the week recorded: no surge\n\(rows)")
                XCTAssertEqual(rows.statements, [], "\(rows)")
                XCTAssertEqual(rows.counted[SpikeSeriesKey.allInbound.description], 9 * 24 * 40)
            },
            SpikeScenario(name: "flood", events: flood.events) { rows in
                let spike = rows.spikes[topic]?.first
                XCTAssertEqual(rows.spikes[topic]?.count, 1, "one spike of the topic\n\(rows)")
                XCTAssertNotNil(spike?.end, "it ended once the flood was over\n\(rows)")
                XCTAssertEqual(spike.map { String($0.start.formatted(.iso8601).prefix(10)) }, "2026-11-21", "on the day of the flood\n\(rows)")
                XCTAssertTrue(rows.statements.contains { $0.hasPrefix("spike_started \(org)/topic/flooding/") }, "\(rows)")
                XCTAssertTrue(rows.statements.contains { $0.hasPrefix("spike_ended \(org)/topic/flooding/") }, "\(rows)")
                XCTAssertEqual(rows.counted[topic], 420, "every flood question and mention counted once")
                let urgentFlood = rows.urgent.intersection(flood.floodQuestions).count
                XCTAssertGreaterThan(urgentFlood, flood.floodQuestions.count / 2, "the questions sent during the spike are urgent")
                XCTAssertTrue(rows.urgent.isDisjoint(with: flood.ordinaryQuestions), "ordinary questions stay routine")
            },
        ]
    }
}
