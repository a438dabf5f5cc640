import Foundation
import Postgres
import XCTest

/// `process` with each council's pipeline, in a database holding two (docs/benchmarking.md,
/// "Processing several councils"): Harbourside with the fixture week, and Seaview with the Twitter
/// v1.1 fixtures under rules of its own (Europe/Berlin, an hour ahead of London, 30 working minutes on Twitter against
/// Harbourside's hour), their files ingested in turn so that batches hold both councils' events.
/// Each council's projections must be those of the council processed alone in a database of its own.
final class ProcessCouncilsTests: FolderTestCase {
    var seaview = ""
    let example = Fixtures.root.appendingPathComponent("pipelines/example-council.yaml").path
    let harbourside = [Fixtures.path("harbourside-tweets.json"), Fixtures.path("harbourside-tweets-monday.json")]
    let seaviews = [Fixtures.path("twitter-v1-residents-questions.json"), Fixtures.path("twitter-v1-council-replies.json")]
    var both: [String] { ["-q", "--pipeline", example, "--pipeline", seaview] }

    override func setUpWithError() throws {
        try super.setUpWithError()
        seaview = try Fixtures.seaviewPipeline(in: folder, changing: [
            ("\ntime_zone: Europe/London", "\ntime_zone: Europe/Berlin"),
            ("{ channel: twitter, target: 1 working hour }", "{ channel: twitter, target: 30 working minutes }"),
        ])
        // Exit 3: tweet 1010's unreadable time is quarantined, as the fixtures mean it to be.
        for (file, seaviewFile) in zip(harbourside, seaviews) {
            XCTAssertEqual(try ingest(database, ["ingest", "-q", file]), file == harbourside[0] ? 3 : 0)
            XCTAssertEqual(try ingest(database, ["ingest", "-q", "--pipeline", seaview, seaviewFile]), 0)
        }
    }

    func ingest(_ database: TestDatabase, _ arguments: [String]) throws -> Int32 {
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = database.name
        return try runCivicPulse(arguments, environment: environment).status
    }

    /// A copy of the log (residents' pseudonyms are drawn at random per database) holding the
    /// council's events alone, processed with its pipeline alone.
    func alone(_ org: String, _ pipeline: String) throws -> TestDatabase {
        let alone = try TestDatabase(copying: database, keeping: org)
        addTeardownBlock { alone.drop() }
        _ = try alone.civicpulse(["process", "-q", "--pipeline", pipeline])
        return alone
    }

    func testEachCouncilsProjectionsAreThoseOfTheCouncilProcessedAlone() throws {
        let harbourAlone = try alone("harbourside", example)
        let seaviewAlone = try alone("seaview", seaview)
        for batchSize in ["3", "25000"] {
            _ = try database.civicpulse(both + ["process", "--rebuild", "--batch-size", batchSize])
            assertSameProjections(try projectionDigests(database, org: "harbourside"), try projectionDigests(harbourAlone, org: "harbourside"),
                                  "Harbourside in batches of \(batchSize)")
            assertSameProjections(try projectionDigests(database, org: "seaview"), try projectionDigests(seaviewAlone, org: "seaview"),
                                  "Seaview in batches of \(batchSize)")
            let shared = try councilFreeProjectionRows(database)
            let apart = try councilFreeProjectionRows(harbourAlone).merging(try councilFreeProjectionRows(seaviewAlone)) { ($0 + $1).sorted() }
            XCTAssertEqual(shared, apart, "the tables no council names hold both councils' rows")
        }
        // Each council's own target: Seaview's answers in 20, 30 and 45 minutes and Cal's question
        // open past 10:30 give 2 of 4 within its 30 working minutes; Harbourside's 1 of 4 (DashboardTests).
        let json = try JSONSerialization.jsonObject(with: Data(database.civicpulse(
            both + ["dashboard", "--org", "all", "--format", "json", "--from", "2026-11-16", "--to", "2026-11-22"]).utf8)) as! [String: Any]
        let rows = (json["league_table"] as! [String: Any])["rows"] as! [[String: Any]]
        XCTAssertEqual(rows.map { [$0["org"] as? String, ($0["within_target"] as? Int).map(String.init), ($0["judged"] as? Int).map(String.init)] },
                       [["seaview", "2", "4"], ["harbourside", "1", "4"]])
    }

    func testIncrementalProcessingOfBothCouncilsEqualsARebuild() throws {
        _ = try database.civicpulse(both + ["process", "--batch-size", "2"])
        let incremental = try projectionDigests(database)
        _ = try database.civicpulse(both + ["process", "--rebuild"])
        assertSameProjections(try projectionDigests(database), incremental, "rebuilt with both pipelines")
    }

    /// `process --follow` with both pipelines: the files already in the log, then a file of
    /// Harbourside's ingested while it follows; what it leaves is what a rebuild gives.
    func testFollowingBothCouncilsGivesWhatARebuildGives() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = database.name
        let follower = try ChildProcess(both + ["process", "--follow", "--batch-size", "3"], environment: environment)
        XCTAssertTrue(try poll(timeout: 30) { try database.connect().query("SELECT count(*)::int FROM projections.response_items")[0].decode(Int.self, 0) == 9 },
                      follower.output)
        XCTAssertEqual(try ingest(database, ["ingest", "-q", Fixtures.path("harbourside-dst-and-bank-holiday.json")]), 0)
        // Drained: every item in, and the summary weeks stored again, which the follower does once
        // the log is drained (a week still marked stale is stored by the next run, not lost).
        XCTAssertTrue(try poll(timeout: 30) {
            try database.connect().query("""
                SELECT (SELECT count(*)::int FROM projections.response_items) = 11 AND NOT EXISTS (SELECT FROM projections.response_weeks_stale)
                """)[0].decode(Bool.self, 0)
        }, follower.output)
        follower.signal(SIGTERM)
        XCTAssertTrue(follower.wait(timeout: 30), follower.output)
        let followed = try projectionDigests(database)
        _ = try database.civicpulse(both + ["process", "--rebuild"])
        assertSameProjections(try projectionDigests(database), followed, "followed, against a rebuild")
    }

    func testAnEventOfACouncilNoPipelineNamesStopsTheRunNamingIt() throws {
        let refused = try run(["process", "-q", "--pipeline", example])
        assertRefusedNamingSeaview(refused)
        XCTAssertEqual(try database.connect().query("SELECT count(*)::int FROM projections.response_items")[0].decode(Int.self, 0), 0,
                       "the batch holding Seaview's events is not applied to Harbourside's rules")
        XCTAssertTrue(try database.civicpulse(both + ["process"]).hasPrefix("processed "))
    }

    /// In batches of one event, the batches before Seaview's first event are kept and the
    /// checkpoint stays right before it; the same command with Seaview's pipeline added carries
    /// on to what a rebuild gives.
    func testWhatCameBeforeAnUnknownCouncilsEventIsKeptAndTakenUpLater() throws {
        // The files were ingested one after another, so the log's order is its positions'.
        let before = try database.connect().query("""
            SELECT max(position) FROM civicpulse.events WHERE position < (SELECT min(position) FROM civicpulse.events WHERE org = 'seaview')
            """)[0].decode(Int64.self, 0)
        assertRefusedNamingSeaview(try run(["process", "-q", "--batch-size", "1", "--pipeline", example]))
        let stopped = try database.connect().query("SELECT position FROM projections.checkpoints")
        XCTAssertEqual(try stopped.first?.decode(Int64.self, 0), before, "the checkpoint stays right before Seaview's first event")
        _ = try database.civicpulse(both + ["process", "--batch-size", "1"])
        let carriedOn = try projectionDigests(database)
        _ = try database.civicpulse(both + ["process", "--rebuild"])
        assertSameProjections(try projectionDigests(database), carriedOn, "carried on with both pipelines, against a rebuild")
    }

    /// A rebuild missing a council's pipeline is refused before it empties anything: emptied, the
    /// projections of both councils would be lost until the next full run, and Seaview's spike
    /// replay mark with them.
    func testARebuildMissingACouncilsPipelineEmptiesNothing() throws {
        _ = try database.civicpulse(both + ["process"])
        let processed = try projectionDigests(database)
        assertRefusedNamingSeaview(try run(["process", "-q", "--rebuild", "--pipeline", example]))
        assertSameProjections(try projectionDigests(database), processed, "after the refused rebuild")
    }

    func assertRefusedNamingSeaview(_ refused: (status: Int32, out: String, err: String), file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(refused.status, 64, refused.err, file: file, line: line)
        XCTAssertTrue(refused.err.hasPrefix("Error: the log holds events of council 'seaview' (the first at log position "), refused.err, file: file, line: line)
        XCTAssertTrue(refused.err.contains("which none of the pipelines given names (councils: harbourside): give every council's pipeline, --pipeline FILE once per council"),
                      refused.err, file: file, line: line)
        XCTAssertEqual(refused.err.split(separator: "\n").count, 1, refused.err, file: file, line: line)
    }
}
