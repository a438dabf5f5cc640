import CivicPulseCore
import CivicPulseReadModel
import Foundation
import XCTest
@testable import CivicPulseProcessor

/// The spike projection step by step over `MemorySpikeRows` and the other in-memory rows, with no
/// server: a flood raising a spike that makes its questions urgent, and its end.
final class SpikeProjectionStateTests: XCTestCase {
    private var config: PipelineConfig!

    override func setUpWithError() throws {
        config = try examplePipeline()
    }

    /// The whole log at once, or in batches that cut its transactions anywhere: the same spikes,
    /// the same statements appended once each, the same urgent messages, and what a user expects.
    func testEveryScenarioGivesTheSameRowsWhateverTheBatches() throws {
        for scenario in SpikeBehaviour.scenarios(org: config.org) {
            let whole = MemoryReadModel(config: config, log: scenario.events)
            try scenario.run(on: whole.projections, batchSize: scenario.events.count)
            let expected = try whole.snapshot(org: config.org)
            scenario.expect(expected)
            for size in [500, 97] {
                let batched = MemoryReadModel(config: config, log: scenario.events)
                try scenario.run(on: batched.projections, batchSize: size)
                XCTAssertEqual(try batched.snapshot(org: config.org), expected, "\(scenario.name) in batches of \(size)")
            }
        }
    }

    /// From the flood's day on, batches of one event, each ending inside its day's transaction
    /// but the last: the judgements wait for each day's end, and the spikes, the statements and
    /// the urgent messages are those of the whole log at once.
    func testBatchesOfOneEventGiveTheSameSpikesAsTheWholeLog() throws {
        let flood = SpikeBehaviour.flood(org: config.org)
        let whole = MemoryReadModel(config: config, log: flood.events)
        try whole.projections.apply(flood.events)
        let single = MemoryReadModel(config: config, log: flood.events)
        let floodDay = try XCTUnwrap(flood.events.firstIndex { $0.txID == "1019" })
        try single.projections.apply(Array(flood.events[..<floodDay]))
        for event in flood.events[floodDay...] {
            try single.projections.apply([event])
        }
        let expected = try whole.snapshot(org: config.org)
        XCTAssertEqual(try single.snapshot(org: config.org), expected)
        XCTAssertTrue(expected.statements.contains { $0.hasPrefix("spike_started \(config.org)/topic/flooding/") }, "\(expected)")
        XCTAssertTrue(expected.statements.contains { $0.hasPrefix("spike_ended \(config.org)/topic/flooding/") }, "\(expected)")
    }

    /// Day by day (a transaction each): nothing before the flood; on its day the topic's spike
    /// starts, is stated once in the log, and makes the questions sent during it urgent; by the
    /// end of the log it has ended, and the end is stated too.
    func testAFloodRaisesASpikeThatMakesItsQuestionsUrgentAndEnds() throws {
        let flood = SpikeBehaviour.flood(org: config.org)
        let model = MemoryReadModel(config: config, log: flood.events)
        let days = Dictionary(grouping: flood.events, by: \.txID).sorted { $0.key < $1.key }.map(\.value)
        let floodDay = 19
        for day in days[..<floodDay] {
            try model.projections.apply(day)
        }
        XCTAssertTrue(model.spikes.statements.isEmpty, "no spike in ordinary weeks: \(model.spikes.statements.map(\.sourceID))")
        XCTAssertTrue(try model.snapshot(org: config.org).urgent.isEmpty)

        try model.projections.apply(days[floodDay])
        let started = model.spikes.statements.filter { $0.kind == .spikeStarted && $0.sourceID.hasPrefix("\(config.org)/topic/flooding/") }
        XCTAssertEqual(started.count, 1, "the flood's spike is stated once")
        let urgent = try model.snapshot(org: config.org).urgent
        XCTAssertGreaterThan(urgent.intersection(flood.floodQuestions).count, flood.floodQuestions.count / 2)
        XCTAssertTrue(urgent.isDisjoint(with: flood.ordinaryQuestions))

        for day in days[(floodDay + 1)...] {
            try model.projections.apply(day)
        }
        XCTAssertTrue(model.spikes.statements.contains { $0.kind == .spikeEnded && $0.sourceID.hasPrefix("\(config.org)/topic/flooding/") })
        XCTAssertEqual(model.spikes.statements.filter { $0.kind == .spikeStarted }.count,
                       Set(model.spikes.statements.filter { $0.kind == .spikeStarted }.map(\.sourceID)).count, "each stated once")
    }
}
