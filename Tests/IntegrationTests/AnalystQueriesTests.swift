import CivicPulseCore
import CivicPulseIngest
import CivicPulseProcessor
import Foundation
import Postgres
import XCTest

/// Every example query in docs/analysts.md runs as the analyst role, and most find rows in the
/// reach test week (so a query cannot silently go stale against the views).
final class AnalystQueriesTests: XCTestCase {
    var database: TestDatabase!

    override func setUpWithError() throws {
        database = try TestDatabase()
    }

    override func tearDown() {
        database?.drop()
    }

    static func exampleQueries() throws -> [String] {
        let doc = try String(contentsOf: Fixtures.root.appendingPathComponent("docs/analysts.md"), encoding: .utf8)
        let examples = doc.components(separatedBy: "## Example queries").last ?? ""
        return examples.components(separatedBy: "```sql\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
    }

    /// The example's SQL as one statement.
    static func statement(_ query: String) -> String {
        query.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: ";"))
    }

    func testEveryExampleQueryRunsAsTheAnalyst() throws {
        let connection = try database.connect()
        try ReachFixtures.append(ReachProjectionTests.week(), on: connection)
        try Processor(connection: connection, config: try ReachFixtures.config()).catchUp()
        let queries = try Self.exampleQueries()
        XCTAssertGreaterThanOrEqual(queries.count, 12)
        try connection.execute("SET ROLE civicpulse_analyst")
        var withRows = 0
        for query in queries {
            do {
                if try !connection.query(Query(unsafeSQL: Self.statement(query))).isEmpty { withRows += 1 }
            } catch {
                XCTFail("\(error)\n\(query)")
            }
        }
        // The reach week has no spike: the spikes example is run on the demo's flood below.
        let answerable = queries.filter { !$0.contains("analytics.spikes") }.count
        XCTAssertGreaterThanOrEqual(withRows, answerable - 2, "example queries should find rows in a week of data")
    }

    /// The README tells an analyst to load the demo (`make demo`): the examples answer on it,
    /// whatever day they are run. Example 1 asked for the week before today, and found nothing.
    func testTheExamplesAnswerOnTheDemoDataOnAnyDay() throws {
        let connection = try database.connect()
        let ingestor = try Fixtures.ingestor(connection)
        let samples = Fixtures.root.appendingPathComponent("samples/harbourside")
        for file in PayloadFiles.expand([samples.path]).files { _ = try ingestor.ingest(file: file) }
        try Processor(connection: connection, config: try Fixtures.config()).catchUp()
        try connection.execute("SET ROLE civicpulse_analyst")
        let queries = try Self.exampleQueries()
        let empty = try queries.indices.filter { try connection.query(Query(unsafeSQL: Self.statement(queries[$0]))).isEmpty }.map { $0 + 1 }
        XCTAssertFalse(empty.contains(1), "example 1, last week's league table, has the demo week's rows")
        XCTAssertFalse(empty.contains(14), "example 14 counts the demo's weekend spikes in analytics.spikes")
        XCTAssertLessThanOrEqual(empty.count, 2, "examples with no rows on the demo: \(empty)")
    }

    /// Example 12 names the days a Facebook account gave no reach. The libraries Page reported
    /// reach every day; a comment on it routed to another service puts a row without reach
    /// beside the Page's own, and that day must not be listed (the first version of the example
    /// listed it).
    func testDaysWithoutReachAreAskedPerAccountNotPerRow() throws {
        let connection = try database.connect()
        var routed = ReachFixtures.engagement(.comment, "libraries_facebook", resident: "eve", at: "2026-11-18T10:00:00Z", id: "c9")
        routed.service = "leisure"
        try ReachFixtures.append(ReachProjectionTests.week() + [routed], on: connection)
        try Processor(connection: connection, config: try ReachFixtures.config()).catchUp()
        let example = try XCTUnwrap(Self.exampleQueries().first { $0.contains("HAVING count(reach) = 0") }, "example 12 in docs/analysts.md")
        try connection.execute("SET ROLE civicpulse_analyst")
        let days = try connection.dump(example.trimmingCharacters(in: CharacterSet(charactersIn: ";\n ")))
        XCTAssertEqual(days, ["(leisure_facebook,2026-11-19)"], "the libraries Page reported reach every day")
    }
}
