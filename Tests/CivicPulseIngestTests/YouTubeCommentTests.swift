import CivicPulseCore
import Foundation
@testable import CivicPulseIngest
import XCTest

final class YouTubeCommentTests: XCTestCase {
    typealias F = YouTubeFixtures
    let binsThread = "UgxT1binsQuestion00001AaABAg"

    func testAResidentsTopLevelCommentOnTheCouncilsVideoAwaitsAResponse() throws {
        let batch = try F.read("commentThreads-by-video.json")
        XCTAssertEqual(batch.recognisedAs, "YouTube commentThreads.list page (3 items, more pages follow)")
        XCTAssertEqual(batch.rejections, [])
        let question = try XCTUnwrap(F.event(batch, binsThread))
        XCTAssertEqual(question.kind, .comment)
        XCTAssertEqual(question.sourceType, "comment")
        XCTAssertEqual(question.account, "harbourside_youtube")
        XCTAssertEqual(question.service, "waste", "routed by keyword on the central channel")
        XCTAssertEqual(question.conversationID, binsThread)
        XCTAssertNil(question.parentID)
        XCTAssertEqual(question.actorHash, F.hash(F.ann))
        XCTAssertEqual(question.occurredAt, F.date("2026-03-02T09:15:00Z"))
        XCTAssertEqual(question.text, #"When are bins collected over Easter on "Harbour Road"?"#, "textOriginal, not the HTML textDisplay")
        XCTAssertEqual(question.url, "https://www.youtube.com/watch?v=Bins2026abc&lc=\(binsThread)")
        XCTAssertEqual(question.details["total_reply_count"], .number(2))
    }

    func testTheChannelOwnersReplyAnswersTheThreadStarter() throws {
        let batch = try F.read("commentThreads-by-video.json")
        let reply = try XCTUnwrap(F.event(batch, "\(binsThread).9zOrgReply00001"))
        XCTAssertEqual(reply.kind, .reply)
        XCTAssertTrue(reply.actorIsOrg)
        XCTAssertEqual(reply.account, "harbourside_youtube")
        XCTAssertEqual(reply.service, "customer_services")
        XCTAssertEqual(reply.addresseeHash, F.hash(F.ann))
        XCTAssertEqual(reply.conversationID, binsThread)
        XCTAssertEqual(reply.parentID, binsThread)

        let followUp = try XCTUnwrap(F.event(batch, "\(binsThread).9zBobReply00002"))
        XCTAssertEqual(followUp.kind, .comment, "a resident replying in the council's thread waits for an answer too")
        XCTAssertEqual(followUp.conversationID, binsThread)

        let items = ResponseMatcher.items(for: TwitterFixtures.messages(batch))
        let annsItem = try XCTUnwrap(items.first { batch.sourceID(of: $0) == binsThread })
        XCTAssertEqual(annsItem.responseSeconds, 6300)
        XCTAssertNil(items.first { batch.sourceID(of: $0) == "\(binsThread).9zBobReply00002" }?.response)
    }

    func testTheCouncilsOwnTopLevelCommentIsAPost() throws {
        let batch = try F.read("commentThreads-by-video.json")
        let notice = try XCTUnwrap(F.event(batch, "UgwT3pinnedNotice0003AaABAg"))
        XCTAssertEqual(notice.kind, .post)
        XCTAssertTrue(notice.actorIsOrg)
    }

    func testAnEditedCommentAddsAnEditEventAndKeepsItsPublishedTime() throws {
        let batch = try F.read("commentThreads-by-video.json")
        let thread = "UgzT2streetlight00002AaABAg"
        let comment = try XCTUnwrap(F.event(batch, thread))
        XCTAssertEqual(comment.occurredAt, F.date("2026-03-02T10:00:00Z"))
        let edit = try XCTUnwrap(F.event(batch, "\(thread)@edited:2026-03-02T10:20:00Z"))
        XCTAssertEqual(edit.kind, .edit)
        XCTAssertEqual(edit.parentID, thread)
        XCTAssertEqual(edit.conversationID, thread)
        XCTAssertEqual(edit.occurredAt, F.date("2026-03-02T10:20:00Z"))
        XCTAssertEqual(edit.actorHash, F.hash(F.cat))
        XCTAssertEqual(batch.events.filter { $0.kind == .edit }.count, 1, "unedited comments add no edit")
    }

    func testACommentOnSomeoneElsesChannelIsAMentionAndTheCouncilsAnswerThereIsAReply() throws {
        let batch = try F.read("commentThreads-search-terms.json")
        let thread = "UgyT4heraldThread0004AaABAg"
        let mention = try XCTUnwrap(F.event(batch, thread))
        XCTAssertEqual(mention.kind, .mention)
        XCTAssertEqual(mention.account, "unknown")
        let answer = try XCTUnwrap(F.event(batch, "\(thread).9zHbcAnswer0001"))
        XCTAssertEqual(answer.kind, .reply)
        XCTAssertEqual(answer.addresseeHash, F.hash(F.bob))
    }

    func testWithoutAChannelIdTheCommentAwaitsAResponseOnAnUnknownAccount() throws {
        let batch = try F.read("commentThreads-by-video-no-channel.json")
        let comment = try XCTUnwrap(batch.events.first)
        XCTAssertEqual(comment.kind, .comment)
        XCTAssertEqual(comment.account, "unknown")
        XCTAssertEqual(comment.service, "unassigned")
    }

    /// A file read as YouTube by the user's say-so (`ingest youtube FILE`) that is something else
    /// is named as what it lacks, not as "YouTube " with a blank.
    func testADocumentWithoutAKindIsNamedSo() throws {
        let batch = try F.read(json: #"{"data": [{"id": "1", "text": "a tweet"}]}"#, as: .youtube)
        XCTAssertEqual(batch.recognisedAs, "YouTube document without a kind")
        XCTAssertEqual(batch.rejections.map(\.field), ["kind"])
    }

    func testASingleThreadItemOnTheLibrariesChannel() throws {
        let batch = try F.read("commentThread-item.json")
        XCTAssertEqual(batch.recognisedAs, "YouTube commentThread")
        let thread = "UgzT6libraryQuestion06AaABAg"
        XCTAssertEqual(F.event(batch, thread)?.account, "libraries_youtube")
        XCTAssertEqual(F.event(batch, thread)?.service, "libraries")
        let answer = try XCTUnwrap(F.event(batch, "\(thread).9zLibAnswer00001"))
        XCTAssertEqual(answer.kind, .reply)
        XCTAssertEqual(answer.service, "libraries")
        XCTAssertEqual(answer.addresseeHash, F.hash(F.ann))
        XCTAssertEqual(answer.occurredAt, F.date("2026-03-05T09:05:00Z"))
    }

    func testRepliesListedByParentJoinTheThreadAndAnswerEveryoneWaiting() throws {
        let batch = try F.read("comments-by-parent.json")
        XCTAssertEqual(batch.recognisedAs, "YouTube comments.list page (2 items, more pages follow)")
        let answer = try XCTUnwrap(F.event(batch, "\(binsThread).9zOrgFollowUp0003"))
        XCTAssertEqual(answer.kind, .reply)
        XCTAssertEqual(answer.conversationID, binsThread)
        XCTAssertEqual(answer.parentID, binsThread)
        XCTAssertNil(answer.addresseeHash, "the thread's starter is not in this payload")
        XCTAssertNil(answer.url, "comments.list replies do not name their video")
        let question = try XCTUnwrap(F.event(batch, "\(binsThread).9zCatReply000004"))
        XCTAssertEqual(question.kind, .comment)
        XCTAssertEqual(question.conversationID, binsThread)
    }

    func testACommentsInsertResponseIsTheCouncilsReply() throws {
        let batch = try F.read("comments-insert-response.json")
        XCTAssertEqual(batch.recordsRead, 1)
        let reply = try XCTUnwrap(batch.events.first)
        XCTAssertEqual(reply.kind, .reply)
        XCTAssertEqual(reply.conversationID, binsThread)
        XCTAssertEqual(reply.occurredAt, F.date("2026-03-02T15:00:00Z"))
    }

    func testTheSameThreadFromTwoFilesIsTheSameEvents() throws {
        let first = try F.read("commentThreads-by-video.json")
        let again = try F.read("commentThreads-by-video.json", observedAt: F.date("2026-03-09T10:00:00Z"))
        XCTAssertEqual(first.events.map(\.eventID), again.events.map(\.eventID))
    }

    func testABadCommentIsQuarantinedWithPathAndFieldAndTheRestLands() throws {
        let batch = try F.read("commentThreads-bad-records.json")
        XCTAssertEqual(batch.events.map(\.sourceID), ["UgxGoodThread000007AaABAg"])
        XCTAssertEqual(batch.rejections.map(\.recordPath), ["items[1].snippet.topLevelComment", "items[2]"])
        XCTAssertEqual(batch.rejections.map(\.field), ["snippet.publishedAt", "snippet"])
        XCTAssertEqual(batch.rejections.first?.recordID, "UgxBadTime00000008AaABAg")
    }

    func testTextDisplayIsReducedToTextWhenTextOriginalIsWithheld() {
        XCTAssertEqual(
            YouTubeText.plain(#"See <a href="http://harbourside.example/bins">harbourside.example/bins</a><br>&quot;Tuesday&quot; &amp; Wednesday"#),
            "See harbourside.example/bins\n\"Tuesday\" & Wednesday"
        )
    }

    func testJSONLinesOfCommentsAreReadLineByLine() throws {
        let lines = try String(decoding: F.data("comments-insert-response.json"), as: UTF8.self)
        let one = try JSONValue.parse(Data(lines.utf8)).jsonText
        let batch = try F.read(json: one + "\n" + #"{"kind":"youtube#comment","id":"UgxBroken","snippet":{}}"# + "\n")
        XCTAssertEqual(batch.recognisedAs, "YouTube Data API v3 response JSON Lines")
        XCTAssertEqual(batch.events.count, 1)
        XCTAssertEqual(batch.rejections.map(\.recordPath), ["line 2"])
        XCTAssertEqual(batch.rejections.map(\.field), ["snippet.publishedAt"])
    }
}
