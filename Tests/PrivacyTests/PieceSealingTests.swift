@testable import CivicPulsePrivacy
import Foundation
import XCTest

/// A piece's messages are sealed with the randomness of all of them drawn in one call, and still
/// each under a key of its own: no byte of the draw serves two keys or nonces (docs/privacy.md).
final class PieceSealingTests: XCTestCase {
    /// Texts and links as a piece brings them: some with both, some with one, reactions with none.
    private let messages: [(text: String?, url: String?)] = (0..<300).map { index in
        switch index % 4 {
        case 0: ("Bin not collected on Elm Rd \(index)", "https://x.com/i/status/\(index)")
        case 1: ("Streetlight out \(index)", nil)
        case 2: (nil, "https://facebook.com/\(index)")
        default: (nil, nil)
        }
    }

    func testAPieceDrawsItsRandomnessOnceNotPerMessage() {
        var draws = 0
        let sealed = SealedMessage.sealing(messages) { buffer in
            draws += 1
            RandomBytes.system(buffer)
        }
        XCTAssertEqual(draws, 1, "one draw for the piece: a draw per key and nonce was most of sealing's CPU")
        XCTAssertEqual(sealed.compactMap { $0 }.count, 225, "a reaction has nothing to seal")
    }

    func testEveryByteOfTheDrawIsHandedOutOnceInOrder() throws {
        var drawn = Data()
        let sealed = SealedMessage.sealing(messages) { buffer in
            RandomBytes.system(buffer)
            drawn = Data(buffer)
        }
        // Key, then the body's nonce, then the link's: the first 12 bytes of a sealed value.
        var handedOut = Data()
        for seal in sealed.compactMap({ $0 }) {
            handedOut += seal.key
            for value in [seal.body, seal.url].compactMap({ $0 }) {
                handedOut += try XCTUnwrap(Data(base64Encoded: value)).prefix(MessageCipher.nonceCount)
            }
        }
        XCTAssertEqual(handedOut, drawn, "each key and nonce its own bytes of the draw, none left over, none twice")
    }

    func testEachMessageOpensWithItsOwnKeyOnly() {
        let sealed = SealedMessage.sealing(messages)
        let keys = sealed.compactMap { $0?.key }
        XCTAssertEqual(Set(keys).count, keys.count, "no two messages share a key")
        var next = 1
        for (index, seal) in sealed.enumerated() {
            guard let seal else { continue }
            XCTAssertEqual(seal.body.flatMap { MessageCipher.open($0, key: seal.key) }, messages[index].text)
            XCTAssertEqual(seal.url.flatMap { MessageCipher.open($0, key: seal.key) }, messages[index].url)
            let neighbour = keys[next % keys.count]
            XCTAssertNil(MessageCipher.open(seal.body ?? seal.url!, key: neighbour), "the next message's key opens nothing of this one")
            next += 1
        }
    }
}
