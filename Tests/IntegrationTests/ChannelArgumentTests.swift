import Foundation
import XCTest

/// `sla --channel`: a name no account, mapping or recorded response uses is refused with the
/// list, as a wrong `--service` is, instead of reading as a channel with no messages.
final class ChannelArgumentTests: FixtureWeekTestCase {
    private let week = ["--from", "2026-11-16", "--to", "2026-11-22", "--as-of", "2026-11-23T12:00:00Z"]

    func testAnUnknownChannelIsRefusedWithTheKnownOnes() throws {
        for typo in ["x", "twiter", "X.com"] {
            let refused = try run(["sla", "-q", "--channel", typo] + week)
            XCTAssertEqual(refused.status, 64, typo)
            XCTAssertEqual(refused.err, "Error: --channel '\(typo)' is not a channel of the pipeline or the log (channels: facebook, twitter, webchat, youtube)\n")
            XCTAssertEqual(refused.out, "", "no report for \(typo)")
        }
    }

    func testAChannelIsMatchedInAnyCase() throws {
        let lower = try run(["sla", "-q", "--channel", "twitter"] + week)
        XCTAssertEqual(lower.status, 0, lower.err)
        XCTAssertTrue(lower.out.contains("Items 5, answered"), lower.out)
        let capital = try run(["sla", "-q", "--channel", "Twitter"] + week)
        XCTAssertEqual(capital.status, 0, capital.err)
        XCTAssertEqual(capital.out, lower.out, "Twitter is twitter")
    }

    /// A channel the pipeline no longer names still has its history in the log.
    func testAChannelOnlyTheLogHoldsIsAccepted() throws {
        let example = try String(contentsOf: Fixtures.root.appendingPathComponent("pipelines/example-council.yaml"), encoding: .utf8)
        let renamed = "    channel: livechat                  # renamed\n"
        let mapping = example.replacingOccurrences(of: "    channel: webchat ", with: renamed + "    # was:")
        XCTAssertNotEqual(mapping, example, "the example pipeline's webchat mapping")
        let pipeline = FileManager.default.temporaryDirectory.appendingPathComponent("livechat-\(UUID().uuidString).yaml")
        try mapping.write(to: pipeline, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: pipeline) }
        let chat = FileManager.default.temporaryDirectory.appendingPathComponent("livechat-\(UUID().uuidString).csv")
        try "message_id,session_id,sent_at,sender,body,in_reply_to\nlc-1,s-1,2026-11-18T10:00:00Z,visitor-1,Is the tip open?,\n"
            .write(to: chat, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: chat) }
        XCTAssertEqual(try run(["ingest", "-q", "--pipeline", pipeline.path, "--mapping", "webchat", chat.path]).status, 0)
        XCTAssertEqual(try run(["process", "-q", "--pipeline", pipeline.path]).status, 0)

        let sla = try run(["sla", "-q", "--channel", "LiveChat"] + week)
        XCTAssertEqual(sla.status, 0, sla.err)
        XCTAssertTrue(sla.out.contains("— channel livechat\n"), sla.out)
        XCTAssertTrue(sla.out.contains("Items 1, answered 0"), sla.out)
    }
}
