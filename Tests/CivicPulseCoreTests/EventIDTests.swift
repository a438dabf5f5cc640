import CivicPulseCore
import Foundation
import XCTest

final class EventIDTests: XCTestCase {
    func testTheSamePlatformObjectAlwaysGetsTheSameID() {
        let first = EventID.derive(platform: "twitter", sourceType: "tweet", sourceID: "1001")
        XCTAssertEqual(first, EventID.derive(platform: "twitter", sourceType: "tweet", sourceID: "1001"))
        XCTAssertNotEqual(first, EventID.derive(platform: "twitter", sourceType: "tweet", sourceID: "1002"))
        XCTAssertNotEqual(first, EventID.derive(platform: "facebook", sourceType: "tweet", sourceID: "1001"))
        XCTAssertNotEqual(EventID.derive(platform: "a", sourceType: "bc", sourceID: "d"), EventID.derive(platform: "ab", sourceType: "c", sourceID: "d"),
                          "fields are separated, so shifting a boundary changes the id")
        XCTAssertEqual(first.uuidString.dropFirst(14).first, "8", "a version 8 UUID")
    }

    func testActorHashesAreKeyedAndPerPlatform() {
        let hasher = ActorHasher(secret: Data(repeating: 1, count: 32))
        let hash = hasher.hash(platform: "twitter", userID: "100001")
        XCTAssertEqual(hash.count, 32)
        XCTAssertEqual(hash, hasher.hash(platform: "twitter", userID: "100001"))
        XCTAssertNotEqual(hash, hasher.hash(platform: "facebook", userID: "100001"))
        XCTAssertNotEqual(hash, ActorHasher(secret: Data(repeating: 2, count: 32)).hash(platform: "twitter", userID: "100001"))
    }
}
