@testable import CivicPulseFetch
import XCTest

/// What one erasure does to one archived file, byte by byte, with no server: the resident's own
/// records keep only what places them, everything else keeps its bytes but for their id and handle.
final class ArchiveRedactionTests: XCTestCase {
    private let redaction = ArchiveRedaction(records: ["c1"], ids: ["UCmo000001": "UCxy123456"], handles: ["Mo_Mill": "xy_abcd"])

    /// A YouTube thread shares its id with its top comment: the comment is the resident's, the
    /// thread and another resident's reply in it are not.
    func testAYouTubeThreadKeepsAnotherResidentsReplyToTheForgottenComment() throws {
        let page = #"""
        {"items":[{"id":"c1","snippet":{"videoId":"v1","topLevelComment":{"id":"c1","snippet":{"authorDisplayName":"Mo Mill","authorChannelId":{"value":"UCmo000001"},"textOriginal":"Pothole on Mill Lane","publishedAt":"2026-11-16T09:00:00Z"}},"totalReplyCount":1},
          "replies":{"comments":[{"id":"c1.r2","snippet":{"authorDisplayName":"Kim","authorChannelId":{"value":"UCkim00002"},"textOriginal":"@Mo_Mill I saw it, http://youtube.com/@mo_mill and Mo_Mill's road","parentId":"c1"}}]}}]}
        """#
        let out = String(decoding: try XCTUnwrap(try redaction.apply(to: Data(page.utf8))), as: UTF8.self)
        XCTAssertEqual(out, #"""
        {"items":[{"id":"c1","snippet":{"videoId":"v1","topLevelComment":{"id":"c1","snippet":{"authorDisplayName":"","authorChannelId":{"value":"UCxy123456"},"textOriginal":"","publishedAt":"2026-11-16T09:00:00Z"}},"totalReplyCount":1},
          "replies":{"comments":[{"id":"c1.r2","snippet":{"authorDisplayName":"Kim","authorChannelId":{"value":"UCkim00002"},"textOriginal":"@xy_abcd I saw it, http://youtube.com/@xy_abcd and Mo_Mill's road","parentId":"c1"}}]}}]}
        """#, "a handle inside text is replaced only as a mention or a link's path")
    }

    /// A Page webhook's change has no `id`: a comment is known by `comment_id`; a reaction by
    /// someone else names the same comment but is theirs, and keeps its bytes.
    func testAPageWebhookCommentIsKnownByItsCommentIDAndAReactionToItIsNotTheirs() throws {
        let delivery = #"{"entry":[{"changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"p_c1","post_id":"p","from":{"id":"UCmo000001","name":"Mo Mill"},"message":"Broken swing","created_time":1795000000}},{"field":"feed","value":{"item":"reaction","verb":"add","comment_id":"p_c1","post_id":"p","from":{"id":"61000","name":"Kim"},"reaction_type":"like"}}]}]}"#
        let page = ArchiveRedaction(records: ["p_c1"], ids: ["UCmo000001": "UCxy123456"], handles: [:])
        XCTAssertEqual(String(decoding: try XCTUnwrap(try page.apply(to: Data(delivery.utf8))), as: UTF8.self),
                       delivery.replacingOccurrences(of: #""from":{"id":"UCmo000001","name":"Mo Mill"},"message":"Broken swing""#,
                                                     with: #""from":{"id":"UCxy123456","name":""},"message":"""#))
    }

    /// A v1.1 id above 2^53 and the spacing of the file are kept exactly: a `JSONValue` round trip
    /// would have lost both.
    func testNumbersAndSpacingOutsideTheEditsKeepTheirBytes() throws {
        let body = "{ \"id\" : 2030000000000000399,\n  \"user\": {\"id\": 9000001, \"screen_name\" : \"quay_kim\"},\n  \"n\": 1.50 }\n{\"id\":\"x\"}\n"
        XCTAssertNil(try redaction.apply(to: Data(body.utf8)), "nothing of the resident: no rewrite")
        let numeric = ArchiveRedaction(records: [], ids: ["9000001": "4718205"], handles: [:])
        XCTAssertEqual(String(decoding: try XCTUnwrap(try numeric.apply(to: Data(body.utf8))), as: UTF8.self),
                       body.replacingOccurrences(of: "9000001", with: "4718205"))
    }

    /// Other residents' records keep a number equal to the forgotten user id when it is not an
    /// id (a count, a view count), a string equal to the handle under a key that is not a
    /// handle's (a hashtag, a first name, a reference type), and a link whose path holds the handle.
    func testStandInsReplaceOnlyIdsUnderIdKeysAndHandlesAsHandles() throws {
        let forgotten = ArchiveRedaction(records: [], ids: ["2001": "7391"], handles: ["sarah": "qwert", "quoted": "abcdef", "bins": "zyxw"])
        let others = #"{"id":"9","author_id":"2001","in_reply_to_user_id":2001,"public_metrics":{"like_count":2001},"viewCount":"2001","statistics":{"viewCount":2001},"#
            + #""entities":{"hashtags":[{"tag":"Sarah"}],"urls":[{"expanded_url":"https://council.gov.uk/bins/2026"}],"mentions":[{"username":"Sarah","id":"2001"}]},"#
            + #""from":{"name":"Sarah"},"referenced_tweets":[{"type":"quoted","id":"8"}],"text":"@sarah see x.com/bins and https://twitter.com/Sarah, ticket 2001"}"#
        let expected = #"{"id":"9","author_id":"7391","in_reply_to_user_id":7391,"public_metrics":{"like_count":2001},"viewCount":"2001","statistics":{"viewCount":2001},"#
            + #""entities":{"hashtags":[{"tag":"Sarah"}],"urls":[{"expanded_url":"https://council.gov.uk/bins/2026"}],"mentions":[{"username":"qwert","id":"7391"}]},"#
            + #""from":{"name":"Sarah"},"referenced_tweets":[{"type":"quoted","id":"8"}],"text":"@qwert see x.com/zyxw and https://twitter.com/qwert, ticket 7391"}"#
        XCTAssertEqual(String(decoding: try XCTUnwrap(try forgotten.apply(to: Data(others.utf8))), as: UTF8.self), expected)
    }

    func testStandInsKeepTheShapeOfWhatTheyReplace() {
        let standIns = ArchiveErasure.standIns(for: ["200001", "Mill_Lane_Mo", "UCmo-0_1"])
        XCTAssertEqual(standIns["200001"]?.count, 6)
        XCTAssertTrue(standIns["200001"]!.allSatisfy(\.isNumber) && standIns["200001"]!.first != "0")
        XCTAssertEqual(standIns["Mill_Lane_Mo"]?.map { $0.isUppercase ? "A" : $0.isLowercase ? "a" : $0 }.map(String.init).joined(), "Aaaa_Aaaa_Aa")
        XCTAssertEqual(standIns["UCmo-0_1"]?.filter { "-_".contains($0) }, "-_")
    }

    /// A webhook log with a line ingest quarantines: the other lines are edited as ever, the
    /// malformed one that names the resident becomes empty, the one that does not stays.
    func testAMalformedLineOfJSONLinesThatNamesTheResidentIsEmptied() throws {
        let log = "{\"id\":\"c1\",\"text\":\"Broken swing\"}\n{\"id\":\"c9\",\"text\":\"unfinished by UCmo000001\n{\"id\":\"c8\",\"text\":\"also unfinished\n{\"id\":\"c7\",\"text\":\"fine\"}\n"
        XCTAssertEqual(String(decoding: try XCTUnwrap(try redaction.apply(to: Data(log.utf8))), as: UTF8.self),
                       "{\"id\":\"c1\",\"text\":\"\"}\n\n{\"id\":\"c8\",\"text\":\"also unfinished\n{\"id\":\"c7\",\"text\":\"fine\"}\n")
    }

    /// A pretty-printed page cut short is not JSON Lines: taken line by line its text would stay
    /// and its lines be mangled, so it is refused whole, for the caller to name.
    func testATruncatedPrettyPrintedPageIsRefusedNotTakenLineByLine() {
        let page = "{\n \"data\": [\n  {\n   \"id\": \"c1\",\n   \"text\": \"Broken swing by UCmo000001\",\n   \"author_id\": \"UCmo000001\"\n  },\n  {\"id\": \"c2\""
        XCTAssertThrowsError(try redaction.apply(to: Data(page.utf8)))
    }

    /// A one-character id has one chance in nine of being drawn as itself; it is drawn again.
    func testAStandInIsNeverWhatItReplaces() {
        for _ in 0..<200 {
            XCTAssertNotEqual(ArchiveErasure.standIns(for: ["7"])["7"], "7")
            XCTAssertNotEqual(ArchiveErasure.standIns(for: ["b"])["b"], "b")
        }
    }

    func testAFileThatIsNotJSONIsRefusedNotGuessed() {
        XCTAssertThrowsError(try redaction.apply(to: Data("{\"id\": \"c1\", \"text\": \"unfinished".utf8)))
    }
}
