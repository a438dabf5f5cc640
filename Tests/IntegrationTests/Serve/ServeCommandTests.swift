import Foundation
import XCTest

/// `civicpulse serve` as Meta talks to it: the handshake, signed deliveries committed before
/// their 200, and every refusal leaving the log as it was.
final class ServeCommandTests: ServeTestCase {
    func testHandshakeEchoesTheChallengeOnlyForOurToken() throws {
        try startServe()
        let query = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token="
        let right = try LoopbackHTTP.send(port: port, "GET", "/webhooks/meta?\(query)\(Self.verifyToken)")
        XCTAssertEqual(right.status, 200)
        XCTAssertEqual(right.body, "1158201444")
        XCTAssertEqual(right.headers["content-type"], "text/plain; charset=utf-8")
        XCTAssertEqual(try LoopbackHTTP.send(port: port, "GET", "/webhooks/meta?\(query)wrong").status, 403)
        XCTAssertEqual(try LoopbackHTTP.send(port: port, "GET", "/webhooks/meta?hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=\(Self.verifyToken)").status, 403)
        XCTAssertEqual(try LoopbackHTTP.send(port: port, "GET", "/webhooks/meta?hub.mode=subscribe&hub.challenge=1").status, 403)
    }

    /// Each fixture delivery is in the log once it is answered 200, archived verbatim; the same
    /// deliveries again add nothing.
    func testSignedDeliveriesAreCommittedBeforeTheirAnswerAndOnlyOnce() throws {
        try startServe()
        let bodies = try ["webhook-comment-add.json", "webhook-mention.json", "webhook-messenger.json"].map(Self.fixture)
            + String(decoding: try Self.fixture("webhooks.jsonl"), as: UTF8.self).split(separator: "\n").map { Data($0.utf8) }
        var counts: [Int] = []
        for body in bodies {
            XCTAssertEqual(try deliver(body).status, 200)
            counts.append(try eventCount())
        }
        XCTAssertGreaterThan(counts[0], 0, "the first delivery's events are there when its 200 arrives")
        let total = try eventCount()
        for body in bodies { XCTAssertEqual(try deliver(body).status, 200) }
        XCTAssertEqual(try eventCount(), total, "redeliveries add nothing")
        let archived = try archivedBodies()
        for body in bodies { XCTAssertTrue(archived.contains(body), "every body is archived verbatim") }
    }

    func testUnsignedOrWronglySignedDeliveriesAreRefusedAndAppendNothing() throws {
        try startServe()
        let body = Self.commentDelivery(1)
        XCTAssertEqual(try deliver(body, signature: .some(nil)).status, 403, "no signature")
        XCTAssertEqual(try deliver(body, signature: Self.metaSignature(body, secret: "guess")).status, 403, "another key")
        XCTAssertEqual(try deliver(body, signature: Self.metaSignature(body + Data(" ".utf8))).status, 403, "another body")
        XCTAssertEqual(try deliver(body, signature: Self.metaSignature(body).replacingOccurrences(of: "sha256=", with: "sha1=")).status, 403)
        XCTAssertEqual(try eventCount(), 0)
        XCTAssertEqual(try archivedBodies(), [], "a forgery is not even archived")
        XCTAssertFalse(serve!.output.contains(Self.appSecret))
    }

    func testOversizedDeliveriesAreRefused() throws {
        try startServe(["--max-body", "2000"])
        let padded = Data(#"{"object":"page","entry":[],"padding":""#.utf8) + Data(repeating: UInt8(ascii: "x"), count: 3000) + Data(#""}"#.utf8)
        let answer = try deliver(padded)
        XCTAssertEqual(answer.status, 413)
        XCTAssertEqual(try eventCount(), 0)
        XCTAssertEqual(try deliver(Self.commentDelivery(2)).status, 200, "a delivery within the limit still lands")
        XCTAssertEqual(try eventCount(), 1)
    }

    func testHealthSaysTheDatabaseAnswersAndWhatWaits() throws {
        try startServe()
        let before = try LoopbackHTTP.send(port: port, "GET", "/healthz")
        XCTAssertEqual(before.status, 200)
        XCTAssertEqual(before.body, #"{"database":"ok","unprocessed_events":0}"# + "\n")
        XCTAssertEqual(try deliver(Self.commentDelivery(3)).status, 200)
        XCTAssertEqual(try LoopbackHTTP.send(port: port, "GET", "/healthz").body, #"{"database":"ok","unprocessed_events":1}"# + "\n")
    }

    /// With no secrets, serve still starts (for /healthz), says which routes are off and why,
    /// and they refuse everything.
    func testRoutesWithoutSecretsAreOff() throws {
        try startServe(secrets: false)
        XCTAssertTrue(serve!.output.contains("/webhooks/meta is off (503): CIVICPULSE_META_APP_SECRET is not set"), serve!.output)
        XCTAssertTrue(serve!.output.contains("/webhooks/x is off (503): CIVICPULSE_X_CONSUMER_SECRET is not set"), serve!.output)
        let body = Self.commentDelivery(4)
        XCTAssertEqual(try deliver(body).status, 503)
        XCTAssertEqual(try LoopbackHTTP.send(port: port, "GET", "/webhooks/meta?hub.mode=subscribe&hub.challenge=1&hub.verify_token=").status, 503)
        XCTAssertEqual(try eventCount(), 0)
    }

    /// A database that stops answering turns deliveries and /healthz into 503s, never a 200.
    func testADatabaseThatDoesNotAnswerIs503() throws {
        try startServe()
        XCTAssertEqual(try deliver(Self.commentDelivery(6)).status, 200)
        database.drop() // its connections are ended, and reconnecting finds no database
        let answer = try deliver(Self.commentDelivery(7))
        XCTAssertEqual(answer.status, 503)
        XCTAssertEqual(answer.headers["retry-after"], "30")
        let health = try LoopbackHTTP.send(port: port, "GET", "/healthz")
        XCTAssertEqual(health.status, 503)
        XCTAssertEqual(health.body, #"{"database":"down"}"# + "\n")
        XCTAssertTrue(serve!.isRunning, "serve goes on, for when the database is back")
    }

    func testSIGTERMStopsServeWithStatusZero() throws {
        try startServe()
        XCTAssertEqual(try deliver(Self.commentDelivery(5)).status, 200)
        serve!.signal(SIGTERM)
        XCTAssertTrue(serve!.wait(timeout: 30), "serve stops on SIGTERM")
        XCTAssertEqual(serve!.process.terminationStatus, 0, serve!.output)
        XCTAssertEqual(try eventCount(), 1)
    }

    func testAPortInUseIsOneLineAndExit1() throws {
        let (taken, port) = try LoopbackHTTP.boundSocket()
        defer { close(taken) }
        XCTAssertEqual(listen(taken, 1), 0)
        let result = try runCivicPulse(["serve", "-q", "--listen", "127.0.0.1:\(port)", "--pipeline", pipeline, "--archive", archive],
                                       environment: environment())
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.hasSuffix("Error: cannot listen on 127.0.0.1:\(port): Address already in use\n"), result.err)
    }

    func testABadListenAddressIsOneLine() throws {
        for listen in ["127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "localhost:http"] {
            let result = try run(["serve", "--listen", listen])
            XCTAssertEqual(result.status, 64, listen)
            XCTAssertEqual(result.err.split(separator: "\n").count, 1, result.err)
            XCTAssertTrue(result.err.hasPrefix("Error: --listen takes host:port"), result.err)
        }
    }

    /// The bodies of every file in the archive.
    func archivedBodies() throws -> [Data] {
        guard let enumerator = FileManager.default.enumerator(atPath: archive) else { return [] }
        var bodies: [Data] = []
        while let next = enumerator.nextObject() as? String {
            guard next.hasSuffix(".json") else { continue }
            bodies.append(try Data(contentsOf: URL(fileURLWithPath: archive).appendingPathComponent(next)))
        }
        return bodies
    }
}
