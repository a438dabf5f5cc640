import Foundation
import XCTest

/// A customer-care export with rows from two of the council's Twitter handles and from residents
/// (issue 19, item 8), through the built binary: `inspect --mapping`, `ingest --mapping`, `process`
/// and `sla`. The example pipeline with a mapping that names each row's account from its
/// `Profile` column and reads tweet ids from `Tweet ID`. Fixture: care-export-several-accounts.csv.
final class CareExportCommandTests: FolderTestCase {
    private var pipeline = ""
    private let export = Fixtures.path("care-export-several-accounts.csv")

    override func setUpWithError() throws {
        try super.setUpWithError()
        let example = try String(contentsOf: Fixtures.root.appendingPathComponent("pipelines/example-council.yaml"), encoding: .utf8)
        let mapping = """
            channels:
              care_export:
                channel: twitter
                account: { column: Profile }
                platform_ids: { column: Tweet ID, platform: twitter }
                columns: { id: Message ID, time: Sent, text: Message, author: From ID, reply_to: In Reply To }

            """
        XCTAssertTrue(example.contains("\nchannels:\n"))
        pipeline = folder.appendingPathComponent("pipeline.yaml").path
        try example.replacingOccurrences(of: "\nchannels:\n", with: "\n" + mapping).write(toFile: pipeline, atomically: true, encoding: .utf8)
    }

    private func civicpulse(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try run([arguments[0], "-q", "--pipeline", pipeline] + arguments.dropFirst())
    }

    private static let unknownAccount = "row 7 (id e6): field 'Profile': 'harbourside_parks' is not an account of the pipeline (accounts: harbourside_twitter, libraries_twitter, leisure_twitter, harbourside_facebook, libraries_facebook, leisure_facebook, harbourside_youtube, harbourside_webchat; by id, handle or platform id)"

    func testInspectShowsWhatEachRowWouldBecomeAndWritesNothing() throws {
        let inspect = try run(["inspect", "--pipeline", pipeline, "--mapping", "care_export", export])
        XCTAssertEqual(inspect.status, 0, inspect.err)
        XCTAssertEqual(inspect.out.split(separator: "\n").map(String.init), [
            "\(export): twitter CSV export (mapping care_export): 6 records read → 5 events (inbound_message 3, reply 2), 1 record quarantined",
            "  e1 (tweet 1990000000000000301): inbound_message, account harbourside_twitter, service waste, conversation twitter:1990000000000000301",
            "  e2 (tweet 1990000000000000311): reply, account harbourside_twitter, service customer_services, conversation twitter:1990000000000000301",
            "  e3 (tweet 1990000000000000321): inbound_message, account libraries_twitter, service libraries, conversation twitter:1990000000000000321",
            "  e4 (tweet 1990000000000000322): reply, account libraries_twitter, service libraries, conversation twitter:1990000000000000321",
            "  e5 (tweet 1990000000000000323): inbound_message, account libraries_twitter, service libraries, conversation twitter:1990000000000000323",
            "  \(export): \(Self.unknownAccount)",
        ])
        XCTAssertEqual(try eventCount(), 0)
    }

    func testEachAccountsRepliesAnswerItsResidents() throws {
        let ingest = try civicpulse(["ingest", "--mapping", "care_export", export])
        XCTAssertEqual(ingest.status, 3, "a row needs a person: \(ingest.err)")
        XCTAssertEqual(ingest.out, "\(export): twitter CSV export (mapping care_export): 6 records read → 5 events appended, 0 already in the log, 1 record quarantined\n")
        XCTAssertEqual(ingest.err, "quarantined: \(export): \(Self.unknownAccount)\n")

        let waste = try slaStats(service: "waste")
        XCTAssertEqual(waste["inbound"] as? Int, 1, "Ann's bin, to the central handle, routed to waste")
        XCTAssertEqual(waste["answered"] as? Int, 1)
        XCTAssertEqual((waste["median_first_response_seconds"] as? NSNumber)?.doubleValue, 1200, "HarboursideCC answered in 20 minutes")
        let libraries = try slaStats(service: "libraries")
        XCTAssertEqual(libraries["inbound"] as? Int, 2, "two residents wrote to HarbourLibraries")
        XCTAssertEqual(libraries["answered"] as? Int, 1)
        XCTAssertEqual((libraries["median_first_response_seconds"] as? NSNumber)?.doubleValue, 2700, "HarbourLibraries answered Dee in 45 minutes")
        XCTAssertEqual(libraries["open"] as? Int, 1, "the renewal question waits")
    }

    func testTheSameTweetFromTheAPIAndFromTheExportIsOneEvent() throws {
        let api = try civicpulse(["ingest", Fixtures.path("twitter-replies-without-reply-to-user.json")])
        XCTAssertEqual(api.status, 0, api.err)
        XCTAssertEqual(try eventCount(), 4)
        let ingest = try civicpulse(["ingest", "--mapping", "care_export", export])
        XCTAssertEqual(ingest.out, "\(export): twitter CSV export (mapping care_export): 6 records read → 4 events appended, 1 already in the log, 1 record quarantined\n",
                       "Ann's tweet 1990000000000000301 is already in the log")
        XCTAssertEqual(try eventCount(), 8)
        XCTAssertEqual(try eventCount(sourceID: "1990000000000000301"), 1)

        let waste = try slaStats(service: "waste")
        XCTAssertEqual(waste["inbound"] as? Int, 1)
        XCTAssertEqual((waste["median_first_response_seconds"] as? NSNumber)?.doubleValue, 1200,
                       "the export's reply answers the question the API brought: one conversation, one resident")
        let libraries = try slaStats(service: "libraries")
        XCTAssertEqual(libraries["inbound"] as? Int, 3, "Bob's from the API, Dee's and the renewal from the export")
        XCTAssertEqual(libraries["answered"] as? Int, 2)
    }

    func testAMappingThePipelineDoesNotHaveIsABadArgument() throws {
        for command in [["ingest", "-q"], ["inspect"]] {
            let result = try run(command + ["--pipeline", pipeline, "--mapping", "care", export])
            XCTAssertEqual(result.status, 64, "\(command[0]): \(result.err)")
            XCTAssertTrue(result.err.contains("--mapping: no channel mapping 'care' in \(pipeline) (mappings: care_export, webchat)"), result.err)
            XCTAssertEqual(result.out, "", command[0])
        }
        XCTAssertEqual(try eventCount(), 0)
    }

    private func eventCount(sourceID: String? = nil) throws -> Int {
        let connection = try database.connect()
        let rows = try sourceID.map { try connection.query("SELECT count(*) FROM civicpulse.events WHERE source_id = \($0)") }
            ?? connection.query("SELECT count(*) FROM civicpulse.events")
        return try rows[0].decode(Int.self, 0)
    }

    /// `sla`'s figures for the week of 16 November 2026 for one service, after `process`.
    private func slaStats(service: String) throws -> [String: Any] {
        let process = try civicpulse(["process"])
        XCTAssertEqual(process.status, 0, process.err)
        let sla = try civicpulse(["sla", "--service", service, "--from", "2026-11-16", "--to", "2026-11-22",
                                  "--as-of", "2026-11-23T09:40:00Z", "--format", "json"])
        XCTAssertEqual(sla.status, 0, sla.err)
        let json = try JSONSerialization.jsonObject(with: Data(sla.out.utf8)) as! [String: Any]
        return json["stats"] as! [String: Any]
    }
}
