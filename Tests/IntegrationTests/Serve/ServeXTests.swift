import Crypto
import Foundation
import XCTest

/// /webhooks/x: X's CRC, and signed Account Activity deliveries, which no reader understands
/// yet: each is archived and quarantined whole with the reason, never read as an empty page.
final class ServeXTests: ServeTestCase {
    static func xSignature(_ message: Data, secret: String = xSecret) -> String {
        "sha256=" + Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))).base64EncodedString()
    }

    static let delivery = Data("""
        {"for_user_id":"900000000000000001","tweet_create_events":[{"id_str":"1790000000000000001","text":"@MainCC the bins were missed","created_at":"Wed Nov 18 09:30:00 +0000 2026","user":{"id_str":"800","screen_name":"resident"}}]}
        """.utf8)

    func testCRCAnswersTheTokenSignedWithTheConsumerSecret() throws {
        try startServe()
        let answer = try LoopbackHTTP.send(port: port, "GET", "/webhooks/x?crc_token=challenge-123")
        XCTAssertEqual(answer.status, 200)
        XCTAssertEqual(answer.headers["content-type"], "application/json")
        let json = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: String]
        XCTAssertEqual(json, ["response_token": Self.xSignature(Data("challenge-123".utf8))])
        XCTAssertEqual(try LoopbackHTTP.send(port: port, "GET", "/webhooks/x").status, 400)
    }

    func testASignedDeliveryIsQuarantinedWholeWithTheReason() throws {
        try startServe()
        let post = { (signature: String) in
            try LoopbackHTTP.send(port: self.port, "POST", "/webhooks/x", headers: [("x-twitter-webhooks-signature", signature)], body: Self.delivery)
        }
        XCTAssertEqual(try post(Self.xSignature(Self.delivery, secret: "guess")).status, 403)
        XCTAssertEqual(try post(Self.metaSignature(Self.delivery, secret: Self.xSecret)).status, 403, "hex is Meta's encoding, not X's")
        XCTAssertTrue(try quarantined().isEmpty)
        XCTAssertEqual(try post(Self.xSignature(Self.delivery)).status, 200)
        let rows = try quarantined()
        XCTAssertEqual(rows.count, 1)
        XCTAssertTrue(rows[0].reason.contains("no reader understands this X Account Activity delivery yet"), rows[0].reason)
        XCTAssertEqual(rows[0].payload, String(decoding: Self.delivery, as: UTF8.self))
        XCTAssertEqual(try eventCount(), 0)
    }

    func quarantined() throws -> [(reason: String, payload: String)] {
        try database.connect().query("SELECT reason, payload FROM civicpulse.quarantine ORDER BY id").map {
            (try $0.decode(String.self, 0), try $0.decode(String.self, 1))
        }
    }
}
