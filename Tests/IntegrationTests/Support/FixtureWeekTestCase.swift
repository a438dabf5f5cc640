import XCTest

/// A test case whose database holds the fixture week of Tests/IntegrationTests/Fixtures/README.md,
/// ingested and processed with the built command, as a user would have it before asking for reports.
class FixtureWeekTestCase: DatabaseTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        _ = try run(["ingest", "-q", Fixtures.path("harbourside-tweets.json"), Fixtures.path("harbourside-tweets-monday.json")])
        XCTAssertEqual(try run(["process", "-q"]).status, 0)
    }
}
