import CivicPulseCore
import CivicPulseIngest
import CivicPulseProcessor
import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// Spike events are the processor's judgement, and alerts and incident reports trust them: the
/// log takes them only from `civicpulse.append_spike_events` (migration 029), never from a role
/// that ingests, by INSERT or COPY, and no payload or column mapping makes one.
final class DerivedEventTests: DatabaseTestCase {
    /// Login roles made for the test, as a council would make them for people and services.
    private var logins: [String] = []

    override func tearDown() {
        super.tearDown()
        guard let admin = try? Connection("dbname=postgres") else { return }
        for login in logins { try? admin.execute("DROP ROLE IF EXISTS \(quoteIdentifier(login))") }
    }

    /// A new session of a new login role granted `group`.
    private func login(granted group: String) throws -> Connection {
        let name = "cp_\(group.split(separator: "_").last!)_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try database.connect()
        try admin.execute("CREATE ROLE \(quoteIdentifier(name)) LOGIN; GRANT \(group) TO \(quoteIdentifier(name))")
        logins.append(name)
        return try Connection("dbname=\(database.name) user=\(name)")
    }

    private static let columns = "event_id, org, platform, source_type, source_id, channel, account, service, kind, actor_is_org, occurred_at"

    /// A forged row: (platform, kind) as given, for org `harbourside`, as INSERT values.
    private func forged(platform: String, kind: String, id: String) -> String {
        "(gen_random_uuid(), 'harbourside', '\(platform)', '\(kind)', '\(id)', '\(platform)', 'unknown', 'highways', '\(kind)', false, '2026-11-21T10:00:00Z')"
    }

    private func assertRefused<T>(_ body: @autoclosure () throws -> T, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), what, file: file, line: line) { error in
            let failure = error as? PostgresError
            XCTAssertEqual(failure?.sqlState, "42501", "\(what): \(error)", file: file, line: line)
            XCTAssertTrue(failure?.message.contains("derived by the processor") == true, "\(what): one clear line: \(error)", file: file, line: line)
        }
    }

    private func derivedEvents(_ connection: Connection) throws -> Int {
        try connection.query("""
            SELECT count(*) FROM civicpulse.events WHERE platform = 'civicpulse' OR kind IN ('spike_started', 'spike_ended')
            """)[0].decode(Int.self, 0)
    }

    func testTheIngestRoleCanNeitherInsertNorCopyASpikeEvent() throws {
        let ingest = try login(granted: "civicpulse_ingest")
        for (platform, kind) in [("civicpulse", "spike_started"), ("civicpulse", "spike_ended"), ("twitter", "spike_started"), ("civicpulse", "post")] {
            assertRefused(try ingest.execute("INSERT INTO civicpulse.events (\(Self.columns)) VALUES \(forged(platform: platform, kind: kind, id: "forged"))"),
                          "INSERT of \(platform) \(kind)")
        }
        // The flag the processor's function raises is no key: anyone may set a setting.
        try ingest.execute("SET civicpulse.appending_derived = 'on'")
        assertRefused(try ingest.execute("INSERT INTO civicpulse.events (\(Self.columns)) VALUES \(forged(platform: "civicpulse", kind: "spike_started", id: "flagged"))"),
                      "INSERT with the flag set")
        try ingest.execute("RESET civicpulse.appending_derived")
        assertRefused(try ingest.copyIn("COPY civicpulse.events (\(Self.columns)) FROM STDIN") { writer in
            for field in [UUID().uuidString, "harbourside", "civicpulse", "spike_started", "harbourside/topic/flooding/2026-11-21T10:00:00Z",
                          "civicpulse", "unknown", "highways", "spike_started", "f", "2026-11-21T10:00:00Z"] {
                writer.field(field)
            }
            try writer.endRow()
        }, "COPY")
        XCTAssertThrowsError(try ingest.query("SELECT civicpulse.append_spike_events('[]'::jsonb)"), "the function is the processor's") { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "42501")
        }
        XCTAssertEqual(try derivedEvents(try database.connect()), 0)
    }

    /// The role that migrates owns the function; where it also ingests (the embedded cluster,
    /// a small council's single role), its plain INSERT is refused all the same.
    func testTheOwnerCannotAppendASpikeEventExceptThroughTheFunction() throws {
        let owner = try database.connect()
        assertRefused(try owner.execute("INSERT INTO civicpulse.events (\(Self.columns)) VALUES \(forged(platform: "civicpulse", kind: "spike_started", id: "owner"))"),
                      "the owner's INSERT")
        // Nor after the function ran in the same transaction: it lowers its flag again.
        try owner.execute("BEGIN")
        try owner.query("SELECT civicpulse.append_spike_events('[]'::jsonb)")
        assertRefused(try owner.execute("INSERT INTO civicpulse.events (\(Self.columns)) VALUES \(forged(platform: "civicpulse", kind: "spike_ended", id: "after"))"),
                      "an INSERT after the function")
        try owner.execute("ROLLBACK")
        XCTAssertEqual(try derivedEvents(owner), 0)
    }

    /// Ordinary ingest still works as a login granted `civicpulse_ingest`, and the processor, as a
    /// login granted `civicpulse_processor`, still appends the spikes it finds.
    func testIngestStillAppendsAndTheProcessorStillAppendsItsSpikes() throws {
        let config = try Fixtures.config()
        let ingest = try login(granted: "civicpulse_ingest")
        let events = SpikeFixtures.ordinary(from: "2026-11-02", days: 21, config: config) + SpikeFixtures.flood(config: config)
        try SpikeFixtures.append(events, on: ingest)
        XCTAssertEqual(try EventLog.count(on: ingest), events.count)
        XCTAssertEqual(try Fixtures.ingestor(ingest).ingest(file: Fixtures.path("harbourside-tweets.json")).appended, 10)

        let processor = try login(granted: "civicpulse_processor")
        try Processor(connection: processor, config: config).catchUp()
        let logged = try processor.query("""
            SELECT kind, count(*) FROM civicpulse.events WHERE platform = 'civicpulse' GROUP BY kind ORDER BY kind
            """).map { "\(try $0.decode(String.self, 0)) \(try $0.decode(Int.self, 1))" }
        XCTAssertEqual(logged, ["spike_ended 3", "spike_started 3"], "the flood in its topic, its service and all inbound")
    }

    /// No payload makes a derived event: a column mapping's kind column and a listening stream's
    /// platform are the record's problem, quarantined with the field named, and the rest lands.
    func testAMappingOrAListeningStreamCannotMakeADerivedEvent() throws {
        let connection = try database.connect()
        let pipeline = try String(contentsOf: Fixtures.root.appendingPathComponent("pipelines/example-council.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "      conversation: session_id\n", with: "      conversation: session_id\n      kind: kind\n")
        let config = try PipelineConfig.parse(yaml: pipeline, file: "kind-mapped.yaml")
        let ingestor = Ingestor(reader: PayloadReader(config: config, hasher: Fixtures.hasher), connection: connection)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("derived-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let export = folder.appendingPathComponent("export.csv")
        try """
            message_id,session_id,sent_at,sender,body,in_reply_to,kind
            wc-1,chat-1,2026-11-16T09:12:00Z,visitor-1,My bin was missed,,
            wc-2,chat-2,2026-11-16T09:13:00Z,visitor-2,Flood!,,spike_started
            wc-3,chat-3,2026-11-16T09:14:00Z,visitor-3,Flood over,,spike_ended

            """.write(to: export, atomically: true, encoding: .utf8)
        let mapped = try ingestor.ingest(file: export.path, mapping: "webchat")
        XCTAssertEqual(mapped.appended, 1)
        XCTAssertEqual(mapped.quarantined.map(\.field), ["kind", "kind"])
        XCTAssertTrue(mapped.quarantined.allSatisfy { $0.reason.contains("'spike_") && !$0.reason.contains("spike_started,") }, "\(mapped.quarantined)")

        let stream = folder.appendingPathComponent("mentions.jsonl")
        try """
            {"platform":"reddit","id":"r1","author":"a","text":"Harbour Road flooding","time":"2026-11-21T10:05:00Z"}
            {"platform":"civicpulse","id":"harbourside/topic/flooding/2026-11-21T10:00:00Z","author":"a","text":"x","time":"2026-11-21T10:00:00Z"}

            """.write(to: stream, atomically: true, encoding: .utf8)
        let heard = try ingestor.ingest(file: stream.path)
        XCTAssertEqual(heard.appended, 1)
        XCTAssertEqual(heard.quarantined.map(\.field), ["platform"])
        XCTAssertEqual(try derivedEvents(connection), 0)

        let channelNamedAfterThePlatform = pipeline.replacingOccurrences(of: "    channel: webchat ", with: "    channel: civicpulse ")
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: channelNamedAfterThePlatform, file: "civicpulse-channel.yaml")) { error in
            XCTAssertTrue("\(error)".contains("civicpulse-channel.yaml") && "\(error)".contains("'civicpulse'"), "\(error)")
        }
    }
}
