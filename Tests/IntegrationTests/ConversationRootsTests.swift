import CivicPulseCore
import CivicPulseReadModel
import XCTest

/// Each council's reply forest on each platform is its own (`ConversationRoots`): the forest's
/// nodes are kept under one id for the pair (migration 160), so two councils, or one council's two
/// platforms, whose messages share ids never share a thread.
final class ConversationRootsTests: DatabaseTestCase {
    func testForestsOfOtherCouncilsAndPlatformsKeepTheirOwnRootsForTheSameIDs() throws {
        let roots = ConversationRoots(connection: try database.connect())
        let link = { (node: String, up: String) in ConversationLinks.Link(node: node, up: up) }
        _ = try roots.absorb([link("2", "1")], asking: [], org: "harbourside", platform: "twitter")
        _ = try roots.absorb([link("2", "5")], asking: [], org: "seaview", platform: "twitter")
        _ = try roots.absorb([link("2", "6")], asking: [], org: "harbourside", platform: "facebook")

        // A link joining harbourside's tweet 1 below 0 moves that thread alone.
        let joined = try roots.absorb([link("1", "0")], asking: ["2"], org: "harbourside", platform: "twitter")
        XCTAssertEqual(joined.roots, ["2": "0"])
        XCTAssertEqual(joined.moved, ["1": "0"])
        XCTAssertEqual(try roots.absorb([], asking: ["2"], org: "seaview", platform: "twitter").roots, ["2": "5"])
        XCTAssertEqual(try roots.absorb([], asking: ["2"], org: "harbourside", platform: "facebook").roots, ["2": "6"])
        XCTAssertEqual(try roots.absorb([], asking: ["2"], org: "harbourside", platform: "youtube").roots, [:], "a forest with no links")
    }
}
