import CivicPulseCore
import CivicPulsePrivacy
import Foundation
import XCTest

/// Which message an event is a version of (docs/privacy.md, "Platform deletions"): a change
/// names it as its parent, a message and its corrections are it.
final class PlatformDeletionMessageTests: XCTestCase {
    private func event(_ kind: EventKind, id: String, parent: String? = nil) -> EngagementEvent {
        EngagementEvent(platform: "facebook", sourceType: "comment", sourceID: id, org: "harbourside", channel: "facebook",
                        account: "libraries_facebook", service: "libraries", kind: kind, parentID: parent, actorIsOrg: false,
                        occurredAt: Date(timeIntervalSince1970: 1_794_906_000))
    }

    func testChangesNameTheirMessageAndMessagesAreTheirOwn() {
        let comment = PlatformDeletions.Message(platform: "facebook", sourceType: "comment", sourceID: "2_3")
        for kind in [EventKind.delete, .edit, .hide, .unhide] {
            XCTAssertEqual(PlatformDeletions.Message(of: event(kind, id: "2_3:\(kind.rawValue)@1", parent: "2_3")), comment, kind.rawValue)
        }
        XCTAssertEqual(PlatformDeletions.Message(of: event(.comment, id: "2_3", parent: "1_2")), comment, "a comment's parent is what it answers, not what it is")
        XCTAssertEqual(PlatformDeletions.Message(of: event(.correction, id: "2_3")), comment, "a correction keeps its event's ids")
        XCTAssertNil(PlatformDeletions.Message(of: event(.delete, id: "2_3:remove@1")), "a delete naming nothing deletes nothing")
    }
}
