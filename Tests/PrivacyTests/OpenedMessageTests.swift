import CivicPulsePrivacy
import Foundation
import XCTest

/// A resident's message is readable with its key only; once the key is destroyed what is left is
/// the tombstone's verdict; the council's messages and those logged before sealing are plain text.
final class OpenedMessageTests: XCTestCase {
    func testASealedMessageOpensWithItsKeyAndNoOther() throws {
        let sealed = try XCTUnwrap(SealedMessage.sealing([("Flooding on Quay St, please help", "https://x.com/i/status/1")])[0])
        XCTAssertFalse(sealed.body!.contains("Quay"), "the log's copy is ciphertext")
        let opened = OpenedMessage(body: sealed.body, url: sealed.url, keyed: true, key: sealed.key, keywordUrgent: nil)
        XCTAssertEqual(opened, OpenedMessage(body: "Flooding on Quay St, please help", url: "https://x.com/i/status/1", keyed: false, key: nil, keywordUrgent: nil))
        XCTAssertNil(opened.erasedKeywordUrgent)
        XCTAssertNil(MessageCipher.open(sealed.body!, key: MessageCipher.newKey()), "another message's key opens nothing")
    }

    func testADestroyedKeyLeavesOnlyTheVerdict() throws {
        let sealed = try XCTUnwrap(SealedMessage.sealing([("Flooding on Quay St", nil)])[0])
        let erased = OpenedMessage(body: sealed.body, url: nil, keyed: true, key: nil, keywordUrgent: true)
        XCTAssertNil(erased.text)
        XCTAssertNil(erased.url)
        XCTAssertEqual(erased.erasedKeywordUrgent, true)
    }

    func testNothingToSealHasNoKey() {
        XCTAssertNil(SealedMessage.sealing([(nil, nil)])[0], "a reaction has no text: no key to keep or destroy")
    }
}
