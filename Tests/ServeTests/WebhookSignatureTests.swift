import Foundation
import XCTest
@testable import CivicPulseServe

/// Signatures are checked against codes computed elsewhere (RFC 4231-style vectors from
/// Python's hmac), not against the type's own `sign`, so a wrong key or encoding cannot agree
/// with itself.
final class WebhookSignatureTests: XCTestCase {
    let body = Data("The quick brown fox jumps over the lazy dog".utf8)
    let hex = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
    let base64 = "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg="

    var meta: WebhookSignature { WebhookSignature(secret: "key", encoding: .hex)! }
    var x: WebhookSignature { WebhookSignature(secret: "key", encoding: .base64)! }

    func testTheRightSignatureIsAccepted() {
        XCTAssertTrue(meta.accepts("sha256=\(hex)", body: body))
        XCTAssertTrue(x.accepts("sha256=\(base64)", body: body))
        XCTAssertTrue(meta.accepts("sha256=\(hex.uppercased())", body: body), "hex in capitals is the same code")
    }

    func testAnotherBodyOrKeyIsRefused() {
        XCTAssertFalse(meta.accepts("sha256=\(hex)", body: body + Data(" ".utf8)))
        XCTAssertFalse(WebhookSignature(secret: "other", encoding: .hex)!.accepts("sha256=\(hex)", body: body))
        XCTAssertFalse(x.accepts("sha256=\(base64)", body: Data()))
    }

    func testAMissingSignatureIsRefused() {
        XCTAssertFalse(meta.accepts(nil, body: body))
        XCTAssertFalse(meta.accepts("", body: body))
        XCTAssertFalse(x.accepts(nil, body: body))
    }

    func testAnotherSchemeOrEncodingIsRefused() {
        XCTAssertFalse(meta.accepts(hex, body: body), "no scheme")
        XCTAssertFalse(meta.accepts("sha1=\(hex)", body: body))
        XCTAssertFalse(meta.accepts("SHA256=\(hex)", body: body))
        XCTAssertFalse(meta.accepts("sha256= \(hex)", body: body))
        XCTAssertFalse(meta.accepts("sha256=\(base64)", body: body), "Meta's header is hex")
        XCTAssertFalse(x.accepts("sha256=\(hex)", body: body), "X's header is base64")
        XCTAssertFalse(meta.accepts("sha256=+\(hex.dropFirst())", body: body), "a sign is not a hex digit")
    }

    /// Every wrong code of the right length goes through the constant-time comparison and is
    /// refused whichever byte differs, the first or the last; one of another length never
    /// reaches it.
    func testAWrongCodeIsRefusedWhereverItDiffers() {
        for position in [0, 31] {
            var bytes = Array(hex.utf8)
            bytes[position * 2] = bytes[position * 2] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            XCTAssertFalse(meta.accepts("sha256=\(String(decoding: bytes, as: UTF8.self))", body: body), "byte \(position)")
        }
        XCTAssertFalse(meta.accepts("sha256=\(hex.dropLast(2))", body: body), "31 bytes")
        XCTAssertFalse(meta.accepts("sha256=\(hex)00", body: body), "33 bytes")
        XCTAssertFalse(meta.accepts("sha256=\(hex.dropLast())", body: body), "an odd number of digits")
    }

    func testNoSecretMeansNoSignature() {
        XCTAssertNil(WebhookSignature(secret: nil, encoding: .hex))
        XCTAssertNil(WebhookSignature(secret: "", encoding: .base64))
    }

    /// X's CRC: `sha256=` and the base64 HMAC of the token keyed with the consumer secret.
    func testXChallengeAnswer() {
        let signature = WebhookSignature(secret: "secret-x", encoding: .base64)!
        XCTAssertEqual(signature.sign(Data("crc-token-123".utf8)), "sha256=rMv1he6iiRd63xPVKqWWRBrZ0a7Lqp/7cD1UuTkAMS4=")
        XCTAssertEqual(meta.sign(body), "sha256=\(hex)")
    }
}
