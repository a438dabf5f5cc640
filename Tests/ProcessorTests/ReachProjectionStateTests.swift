import CivicPulseCore
import CivicPulseReadModel
import Foundation
import XCTest
@testable import CivicPulseProcessor

/// The reach projection step by step over `MemoryReachRows`, with no server.
final class ReachProjectionStateTests: XCTestCase {
    private var config: PipelineConfig!

    override func setUpWithError() throws {
        config = try examplePipeline()
    }

    /// Batches of one event, two, three or the whole log leave the same rows, and the rows a user
    /// expects: engagements per day, service and channel, late data, deletions, readings.
    func testEveryScenarioGivesTheSameRowsWhateverTheBatches() throws {
        for scenario in ReachBehaviour.scenarios(org: config.org) {
            let whole = MemoryReachRows()
            try scenario.run(on: whole, config: config, batchSize: scenario.events.count)
            scenario.expect(ReachSnapshot(whole))
            for size in [1, 2, 3] {
                let batched = MemoryReachRows()
                try scenario.run(on: batched, config: config, batchSize: size)
                XCTAssertEqual(ReachSnapshot(batched), ReachSnapshot(whole), "\(scenario.name) in batches of \(size)")
            }
        }
    }

    /// A resident engaging again on a later batch's same day adds to the engagements, not to the
    /// engaged residents; a reset empties every day and reading.
    func testALaterBatchAddsEngagementsAndOnlyNewResidents() throws {
        var log = LogScript(org: config.org)
        log.add(.comment, minute: 0, by: "ada", source: "a1", service: "waste")
        log.add(.reaction, minute: 30, by: "ada", source: "a2", service: "waste")
        log.add(.share, minute: 40, by: "bo", source: "b1", service: "waste")
        let rows = MemoryReachRows()
        let projection = ReachProjection(rows: rows, config: config)

        try projection.apply([log.events[0]])
        XCTAssertEqual(ReachSnapshot(rows).day("waste", "facebook", "2026-11-23")?.engagements, 1)

        try projection.apply(Array(log.events[1...]))
        let monday = ReachSnapshot(rows).day("waste", "facebook", "2026-11-23")
        XCTAssertEqual(monday?.engagements, 3)
        XCTAssertEqual(monday?.residents, 2)

        try projection.reset()
        XCTAssertTrue(rows.days.isEmpty)
        XCTAssertTrue(rows.readings.isEmpty)
    }
}
