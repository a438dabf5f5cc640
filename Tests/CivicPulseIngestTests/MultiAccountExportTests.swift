import CivicPulseCore
import Foundation
@testable import CivicPulseIngest
import XCTest

/// A customer-care export with rows from several of the org's handles and from residents (issue
/// 19, item 8): each row is filed under the account it names, the org's rows are its replies, and a
/// row carrying a tweet id is the event the Twitter reader makes of that tweet.
final class MultiAccountExportTests: XCTestCase {
    private static let yaml = TwitterFixtures.yaml.replacingOccurrences(of: "routing:", with: """
          libraries_facebook: { platform: facebook, handle: HarbourLibraries, id: "610000000000002", service: libraries }
        channels:
          care_export:
            channel: twitter
            account: { column: Profile }
            platform_ids: { column: Tweet ID, platform: twitter }
            columns: { id: Message ID, time: Date, text: Message, author: From, reply_to: In Reply To }
        routing:
        """)

    private static func reader() throws -> PayloadReader {
        PayloadReader(config: try PipelineConfig.parse(yaml: yaml, file: "care-test.yaml"), hasher: TwitterFixtures.hasher)
    }

    private func readExport() throws -> NormalisedBatch {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("generic/care-export.csv")
        let batch = try Self.reader().read(data: Data(contentsOf: url), file: "care-export.csv", mapping: "care_export")
        assertEveryRecordAccountedFor(batch)
        return batch
    }

    private func byExportID(_ batch: NormalisedBatch) -> [String: EngagementEvent] {
        Dictionary(uniqueKeysWithValues: batch.events.map { ($0.details["export_id"]?.stringValue ?? $0.sourceID, $0) })
    }

    func testEachRowIsFiledUnderTheAccountItNamesAndTheOrgsRowsAreItsReplies() throws {
        let events = byExportID(try readExport())
        let hash = { TwitterFixtures.hasher.hash(platform: "twitter", userID: $0) }
        XCTAssertEqual(events["c1"]?.kind, .inboundMessage)
        XCTAssertEqual(events["c1"]?.account, "harbourside_twitter")
        XCTAssertEqual(events["c1"]?.service, "waste", "routed on the central account")
        XCTAssertEqual(events["c2"]?.kind, .reply)
        XCTAssertEqual(events["c2"]?.actorIsOrg, true)
        XCTAssertEqual(events["c2"]?.addresseeHash, hash("ann_harbour"))
        XCTAssertEqual(events["c3"]?.kind, .inboundMessage)
        XCTAssertEqual(events["c3"]?.account, "libraries_twitter", "the Twitter handle, not the Facebook Page of the same name")
        XCTAssertEqual(events["c3"]?.service, "libraries")
        XCTAssertEqual(events["c4"]?.kind, .reply, "the second handle's rows are the org's too")
        XCTAssertEqual(events["c4"]?.account, "libraries_twitter")
        XCTAssertEqual(events["c4"]?.addresseeHash, hash("bob_harbour"), "its parent named by tweet id")
        XCTAssertEqual(events["c6"]?.account, "libraries_twitter", "named by the account's id")
        XCTAssertEqual(events.count, 5)
    }

    func testARowNamingNoAccountOfThePipelineIsQuarantinedNamingItsColumn() throws {
        let batch = try readExport()
        XCTAssertEqual(batch.rejections.map(\.description), [
            "care-export.csv: row 6 (id c5): field 'Profile': 'harbourside_parks' is not an account of the pipeline (accounts: harbourside_twitter, libraries_twitter, libraries_facebook; by id, handle or platform id)",
            "care-export.csv: row 8 (id c7): field 'Profile': missing",
        ])
        XCTAssertFalse(batch.events.contains { $0.text?.contains("swings") == true }, "not filed under another account")
    }

    func testAThreadIsToldInTweetIdsWhereTheRowsCarryThem() throws {
        let events = byExportID(try readExport())
        XCTAssertEqual(events["c2"]?.parentID, "2028425079813050514")
        XCTAssertEqual(events["c2"]?.conversationID, "2028425079813050514")
        XCTAssertEqual(events["c4"]?.conversationID, "2028440000000000001")
        XCTAssertEqual(events["c6"]?.sourceID, "c6", "a row without a tweet id keeps the export's id")
        XCTAssertEqual(events["c6"]?.sourceType, "message")
        XCTAssertEqual(Set(events.values.map(\.platform)), ["twitter"], "one platform, so the rows' conversations are the tweets'")
    }

    func testATweetInTheExportIsTheEventTheTwitterReaderMakesOfIt() throws {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("twitter/v2-search-replies.json")
        let api = try Self.reader().accountedRead(data: Data(contentsOf: url), file: "v2-search-replies.json", observedAt: TwitterFixtures.observedAt)
        let export = byExportID(try readExport())
        for (row, tweet) in [("c1", "2028425079813050514"), ("c2", "2028432629560250514")] {
            let fromAPI = try XCTUnwrap(api.events.first { $0.sourceID == tweet })
            XCTAssertEqual(export[row]?.eventID, fromAPI.eventID, row)
            XCTAssertEqual(export[row]?.conversationID, fromAPI.conversationID, row)
            XCTAssertEqual(export[row]?.kind, fromAPI.kind, row)
            XCTAssertEqual(export[row]?.account, fromAPI.account, row)
        }
    }

    /// Facebook comment ids too: a Page's reply exported by an inbox tool is the Graph API's comment.
    func testAFacebookCommentInAnExportIsTheEventTheFacebookReaderMakesOfIt() throws {
        let yaml = FacebookFixtures.yaml.replacingOccurrences(of: "routing:", with: """
            channels:
              facebook_inbox:
                channel: facebook
                account: { column: Page }
                platform_ids: { column: Comment ID, platform: facebook }
                columns: { id: ID, time: Time, author: Author ID, text: Text, reply_to: On }
            routing:
            """)
        let reader = PayloadReader(config: try PipelineConfig.parse(yaml: yaml, file: "fb-inbox.yaml"), hasher: FacebookFixtures.hasher)
        let csv = """
            ID,Page,Time,Author ID,Text,On,Comment ID
            f1,HarboursideCouncil,2026-03-02T11:05:30Z,110000000000001,Collections are back to normal from Monday.,200000000000001,200000000000001_300000000000030
            """
        let export = try reader.read(data: Data(csv.utf8), file: "inbox.csv", mapping: "facebook_inbox")
        assertEveryRecordAccountedFor(export)
        let graph = try FacebookFixtures.read("comment-page-reply.json")
        let fromGraph = try FacebookFixtures.event(graph, "200000000000001_300000000000030")
        XCTAssertEqual(export.events.map(\.eventID), [fromGraph.eventID])
        XCTAssertEqual(export.events.first?.kind, fromGraph.kind, "the Page's own comment on a post is a reply")
        XCTAssertEqual(export.events.first?.conversationID, fromGraph.conversationID, "on the post's conversation")
    }

    func testAMappingsAccountColumnAndPlatformIdsAreChecked() {
        for (written, broken, expected) in [
            ("account: { column: Profile }", "account: { columns: Profile }", "channels.care_export.account.columns: unknown key 'columns' (expected one of: column)"),
            ("platform: twitter }", "platform: tiktok }", "channels.care_export.platform_ids.platform: 'tiktok' is not one of: twitter, facebook, youtube"),
        ] {
            XCTAssertThrowsError(try PipelineConfig.parse(yaml: Self.yaml.replacingOccurrences(of: written, with: broken), file: "g.yaml")) { error in
                XCTAssertTrue("\(error)".hasSuffix(expected), "\(error)")
            }
        }
    }
}
