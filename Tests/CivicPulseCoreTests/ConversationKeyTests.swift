import CivicPulseCore
import XCTest

/// A conversation's key is a digest of its council, platform and thread: short enough that the
/// four projection tables keyed by it stay small, distinct for two councils in one platform
/// thread, and the same whoever computes it.
final class ConversationKeyTests: XCTestCase {
    private func key(_ org: String, _ platform: String, _ thread: String?, _ source: String) -> String {
        ConversationMessage.key(org: org, platform: platform, conversationID: thread, sourceID: source)
    }

    func testTheKeyIsTheFirstNinetyBitsOfTheNamesSHA256InBase64URL() {
        // Known answers, from Python: base64.urlsafe_b64encode(sha256(name).digest()[:12])[:15].
        XCTAssertEqual(key("harbourside", "twitter", "1", "9"), "rWa3GvD6sHyaWxi")
        XCTAssertEqual(key("seaview", "twitter", nil, "1"), "0aS7TT-GAUp7__c", "a message starting no thread names its own")
        XCTAssertEqual(key("harbourside", "facebook", "1_2", "1_3"), "gQ8rQ0txrh8iGAV")
    }

    func testTwoCouncilsInOneThreadHaveAConversationEach() {
        XCTAssertNotEqual(key("harbourside", "twitter", "1", "1"), key("seaview", "twitter", "1", "1"))
        XCTAssertNotEqual(key("harbourside", "twitter", "1", "1"), key("harbourside", "facebook", "1", "1"))
        XCTAssertEqual(key("harbourside", "twitter", "1", "2"), key("harbourside", "twitter", "1", "3"), "one thread, one key")
    }
}
