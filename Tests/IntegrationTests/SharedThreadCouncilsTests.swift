import Foundation
import Postgres
import XCTest

/// Two councils in one X thread (docs/benchmarking.md, "Processing several councils"): a resident
/// asks Harbourside and tags Seaview; Seaview answers first that it is not theirs, another resident
/// asks Seaview below that answer, and each council answers its own resident. Each council's
/// items must be judged only from its own messages, as if it were processed alone.
///
/// | tweet | who (council whose log holds it) | when (UTC, Tue 17 Nov 2026) | what |
/// |---|---|---|---|
/// | 5000 | resident_one (Harbourside) | 09:00 | "@HarboursideCC @SeaviewDC …": a question to Harbourside |
/// | 5001 | SeaviewDC (Seaview) | 09:20 | reply to resident_one: not Harbourside's answer |
/// | 5003 | resident_two (Seaview) | 09:30 | reply to 5001: a question to Seaview |
/// | 5004 | SeaviewDC (Seaview) | 10:00 | reply to resident_two: Seaview's answer, 30 minutes |
/// | 5002 | HarboursideCC (Harbourside) | 11:00 | reply to resident_one: Harbourside's answer, 2 hours |
final class SharedThreadCouncilsTests: FolderTestCase {
    var seaview = ""
    let example = Fixtures.root.appendingPathComponent("pipelines/example-council.yaml").path
    var both: [String] { ["-q", "--pipeline", example, "--pipeline", seaview] }

    override func setUpWithError() throws {
        try super.setUpWithError()
        seaview = try Fixtures.seaviewPipeline(in: folder, changing: [
            ("handle: HarboursideCC\n    id: \"900000000000000001\"", "handle: SeaviewDC\n    id: \"800000000000000001\""),
        ])
        let harbourside = try write("harbourside.json", [
            tweet("5000", by: "100001", at: "09:00", "@HarboursideCC @SeaviewDC the bins on the coast road were not collected",
                  mentions: [("HarboursideCC", "900000000000000001"), ("SeaviewDC", "800000000000000001")]),
            tweet("5002", by: "900000000000000001", at: "11:00", "@resident_one Sorry, the crew is on its way", replyingTo: ("5000", "100001")),
        ])
        let seaviews = try write("seaview.json", [
            tweet("5001", by: "800000000000000001", at: "09:20", "@resident_one That road is Harbourside's, they will answer", replyingTo: ("5000", "100001")),
            tweet("5003", by: "100002", at: "09:30", "@SeaviewDC And our sea wall?", replyingTo: ("5001", "800000000000000001")),
            tweet("5004", by: "800000000000000001", at: "10:00", "@resident_two Reported, thank you", replyingTo: ("5003", "100002")),
        ])
        XCTAssertEqual(try ingest(["ingest", "-q", "--pipeline", example, harbourside]), 0)
        XCTAssertEqual(try ingest(["ingest", "-q", "--pipeline", seaview, seaviews]), 0)
    }

    func testEachCouncilsItemsAreJudgedFromItsOwnMessagesOnly() throws {
        let harbourAlone = try alone("harbourside", example)
        let seaviewAlone = try alone("seaview", seaview)
        for batchSize in ["1", "25000"] {
            _ = try database.civicpulse(both + ["process", "--rebuild", "--batch-size", batchSize])
            XCTAssertEqual(try firstResponses(database), ["harbourside/5000": 7200, "seaview/5003": 1800],
                           "Seaview's reply to Harbourside's resident is not Harbourside's answer, in batches of \(batchSize)")
            XCTAssertEqual(try firstResponses(database, from: "analytics.first_responses"), ["harbourside/5000": 7200, "seaview/5003": 1800],
                           "the plain-SQL matching from the log agrees")
            assertSameProjections(try projectionDigests(database, org: "harbourside"), try projectionDigests(harbourAlone, org: "harbourside"),
                                  "Harbourside in batches of \(batchSize)")
            assertSameProjections(try projectionDigests(database, org: "seaview"), try projectionDigests(seaviewAlone, org: "seaview"),
                                  "Seaview in batches of \(batchSize)")
        }
        XCTAssertEqual(try firstResponses(harbourAlone), ["harbourside/5000": 7200])
        XCTAssertEqual(try firstResponses(seaviewAlone), ["seaview/5003": 1800])
    }

    func testIncrementalProcessingOfTheSharedThreadEqualsARebuild() throws {
        _ = try database.civicpulse(both + ["process", "--batch-size", "1"])
        let incremental = try projectionDigests(database)
        _ = try database.civicpulse(both + ["process", "--rebuild"])
        assertSameProjections(try projectionDigests(database), incremental, "rebuilt with both pipelines")
    }

    /// Each item's first response in seconds, by council and the tweet that opened it, from the
    /// processor's items or another table of them.
    private func firstResponses(_ database: TestDatabase, from table: String = "projections.response_items") throws -> [String: Double] {
        let rows = try database.connect().query(Query(unsafeSQL: """
            SELECT i.org || '/' || e.source_id, i.response_seconds FROM \(table) i JOIN civicpulse.events e ON e.event_id = i.item_id
            """))
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(String.self, 0), try $0.decode(Double?.self, 1) ?? -1) })
    }

    /// A copy of the log holding the council's events alone, processed with its pipeline alone.
    private func alone(_ org: String, _ pipeline: String) throws -> TestDatabase {
        let alone = try TestDatabase(copying: database, keeping: org)
        addTeardownBlock { alone.drop() }
        _ = try alone.civicpulse(["process", "-q", "--pipeline", pipeline])
        return alone
    }

    private func ingest(_ arguments: [String]) throws -> Int32 {
        var environment = ProcessInfo.processInfo.environment
        environment["PGDATABASE"] = database.name
        let result = try runCivicPulse(arguments, environment: environment)
        XCTAssertEqual(result.err, "", "\(arguments)")
        return result.status
    }

    /// A tweet of the thread, as the X API v2 returns it.
    private func tweet(_ id: String, by author: String, at time: String, _ text: String,
                       replyingTo parent: (tweet: String, user: String)? = nil, mentions: [(String, String)] = []) -> [String: Any] {
        var object: [String: Any] = ["id": id, "text": text, "author_id": author, "created_at": "2026-11-17T\(time):00.000Z", "conversation_id": "5000"]
        if let parent {
            object["referenced_tweets"] = [["type": "replied_to", "id": parent.tweet]]
            object["in_reply_to_user_id"] = parent.user
        }
        let named = mentions.isEmpty ? [(text.split(separator: " ")[0].dropFirst(), parent?.user ?? "")].map { (String($0.0), $0.1) } : mentions
        object["entities"] = ["mentions": named.map { ["username": $0.0, "id": $0.1, "start": 0, "end": $0.0.count + 1] }]
        return object
    }

    private func write(_ name: String, _ tweets: [[String: Any]]) throws -> String {
        let users: [[String: Any]] = [
            ["id": "900000000000000001", "name": "Harbourside Council", "username": "HarboursideCC"],
            ["id": "800000000000000001", "name": "Seaview Council", "username": "SeaviewDC"],
            ["id": "100001", "name": "Resident One", "username": "resident_one"],
            ["id": "100002", "name": "Resident Two", "username": "resident_two"],
        ]
        let page: [String: Any] = ["data": tweets, "includes": ["users": users], "meta": ["result_count": tweets.count]]
        let url = folder.appendingPathComponent(name)
        try JSONSerialization.data(withJSONObject: page, options: [.prettyPrinted, .sortedKeys]).write(to: url)
        return url.path
    }
}
