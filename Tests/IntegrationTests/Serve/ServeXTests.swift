import Crypto
import Foundation
import XCTest

/// /webhooks/x: X's CRC, and signed Account Activity deliveries read into the log through the
/// reader `civicpulse ingest` uses, so the archive rebuilds the same log.
final class ServeXTests: ServeTestCase {
    static func xSignature(_ message: Data, secret: String = xSecret) -> String {
        "sha256=" + Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))).base64EncodedString()
    }

    /// A resident's mention, the council's reply, a DM and its answer, a delete, typing and a
    /// favourite (Tests/CivicPulseIngestTests/Fixtures/twitter/aa-delivery.json).
    static var delivery: Data {
        get throws { try xFixture("aa-delivery.json") }
    }

    static func xFixture(_ name: String) throws -> Data {
        try Data(contentsOf: Fixtures.root.appendingPathComponent("Tests/CivicPulseIngestTests/Fixtures/twitter/\(name)"))
    }

    func post(_ body: Data, signature: String? = nil) throws -> HTTPAnswer {
        try LoopbackHTTP.send(port: port, "POST", "/webhooks/x", headers: [("x-twitter-webhooks-signature", signature ?? Self.xSignature(body))], body: body)
    }

    func testCRCAnswersTheTokenSignedWithTheConsumerSecret() throws {
        try startServe()
        let answer = try LoopbackHTTP.send(port: port, "GET", "/webhooks/x?crc_token=challenge-123")
        XCTAssertEqual(answer.status, 200)
        XCTAssertEqual(answer.headers["content-type"], "application/json")
        let json = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: String]
        XCTAssertEqual(json, ["response_token": Self.xSignature(Data("challenge-123".utf8))])
        XCTAssertEqual(try LoopbackHTTP.send(port: port, "GET", "/webhooks/x").status, 400)
    }

    /// A signed delivery's events are in the log when its 200 arrives; `sla` then shows the
    /// council's reply answering the resident's mention; the same delivery again adds nothing.
    func testASignedDeliveryLandsItsEventsAndTheReplyAnswersTheMention() throws {
        try startServe()
        let delivery = try Self.delivery
        XCTAssertEqual(try post(delivery, signature: Self.xSignature(delivery, secret: "guess")).status, 403)
        XCTAssertEqual(try post(delivery, signature: Self.metaSignature(delivery, secret: Self.xSecret)).status, 403, "hex is Meta's encoding, not X's")
        XCTAssertEqual(try eventCount(), 0)
        XCTAssertEqual(try post(delivery).status, 200)
        XCTAssertEqual(try eventsByKind(), ["inbound_message": 2, "reply": 2, "delete": 1])
        XCTAssertEqual(try post(delivery).status, 200)
        XCTAssertEqual(try eventCount(), 5, "a redelivery adds nothing")
        XCTAssertEqual(try quarantinedCount(), 0)

        XCTAssertEqual(try run(["process", "-q", "--pipeline", pipeline]).status, 0)
        let sla = try run(["sla", "-q", "--pipeline", pipeline, "--channel", "twitter", "--from", "2026-11-16", "--to", "2026-11-22",
                           "--as-of", "2026-11-23T09:00:00Z", "--format", "json"])
        XCTAssertEqual(sla.status, 0, sla.err)
        let stats = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(sla.out.utf8)) as? [String: Any])?["stats"] as? [String: Any], sla.out)
        XCTAssertEqual(stats["inbound"] as? Int, 1, "\(stats)")
        XCTAssertEqual(stats["answered"] as? Int, 1, "\(stats)")
        XCTAssertEqual(stats["median_first_response_seconds"] as? Int, 2100, "answered in 35 minutes")
    }

    /// A tweet ingested from a v1.1 timeline and then delivered is one event; the delivery's
    /// other records are new.
    func testATweetAlreadyIngestedFromTheV1APIIsNotAppendedAgain() throws {
        let timeline = folder.appendingPathComponent("timeline.json")
        let statuses = try XCTUnwrap((try JSONSerialization.jsonObject(with: Self.delivery) as? [String: Any])?["tweet_create_events"])
        try JSONSerialization.data(withJSONObject: statuses).write(to: timeline)
        let ingested = try runCivicPulse(["ingest", "-q", "--pipeline", pipeline, timeline.path], environment: environment())
        XCTAssertEqual(ingested.status, 0, ingested.err)
        XCTAssertEqual(try eventCount(), 2)
        try startServe()
        XCTAssertEqual(try post(try Self.delivery).status, 200)
        XCTAssertEqual(try eventCount(), 5, "the two tweets were in the log already")
    }

    /// `civicpulse ingest` of serve's archive into an empty database gives the same log.
    func testIngestingTheArchiveRebuildsTheSameLog() throws {
        try startServe()
        let truncated = try Data(contentsOf: Fixtures.root.appendingPathComponent("Tests/IntegrationTests/Fixtures/x-activity-truncated.json"))
        for body in [try Self.delivery, try Self.xFixture("aa-user-event-revoke.json"), truncated, try Self.xFixture("aa-unknown-account.json")] {
            XCTAssertEqual(try post(body).status, 200)
        }
        XCTAssertEqual(try quarantinedCount(), 1, "the other organisation's delivery, whole")
        let served = try log(of: database)

        let rebuilt = try TestDatabase()
        defer { rebuilt.drop() }
        var environment = environment()
        environment["PGDATABASE"] = rebuilt.name
        let ingest = try runCivicPulse(["ingest", "--pipeline", pipeline, archive], environment: environment)
        XCTAssertEqual(ingest.status, 3, "the truncated body is not read: \(ingest.out)\(ingest.err)")
        XCTAssertTrue(ingest.err.contains("revocations of the app's access") || ingest.out.contains("revocations of the app's access"), ingest.out + ingest.err)
        XCTAssertEqual(try log(of: rebuilt), served)
        XCTAssertEqual(served.count, 5)
    }

    func eventsByKind() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try database.connect().query("SELECT kind, count(*)::int FROM civicpulse.events GROUP BY kind") {
            counts[try row.decode(String.self, 0)] = try row.decode(Int.self, 1)
        }
        return counts
    }

    func quarantinedCount() throws -> Int {
        try database.connect().query("SELECT count(*)::int FROM civicpulse.quarantine")[0].decode(Int.self, 0)
    }

    /// Each event's identity and what the readers made of it, in event id order. Pseudonyms are
    /// random in each database and texts sealed under random keys: residents are compared by the
    /// keyed hash their pseudonym stands for, texts as they read.
    func log(of database: TestDatabase) throws -> [String] {
        let connection = try database.connect()
        let bodies = try openedBodies(on: connection)
        return try connection.query("""
            SELECT concat_ws('|', event_id, kind, channel, account, service, conversation_id, parent_id,
                             encode((SELECT lookup FROM privacy.residents WHERE pseudonym = actor_hash), 'hex'),
                             encode((SELECT lookup FROM privacy.residents WHERE pseudonym = addressee_hash), 'hex'), occurred_at),
                   event_id::text
            FROM civicpulse.events ORDER BY event_id
            """).map { try $0.decode(String.self, 0) + "|" + ((bodies[try $0.decode(String.self, 1)] ?? nil) ?? "") }
    }
}
