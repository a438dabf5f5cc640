import Foundation
import XCTest

/// `civicpulse inspect`, run as a person runs it: the built binary, real files, its output and exit status.
final class InspectCommandTests: XCTestCase {
    struct Run {
        var status: Int32
        var lines: [String]
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try YouTubeFixtures.yaml.write(to: scratch.appendingPathComponent("pipeline.yaml"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: scratch)
    }

    func inspect(_ arguments: [String]) throws -> Run {
        let binary = Self.packageRoot.appendingPathComponent(".build/debug/civicpulse")
        // `swift test` builds every product, the binary included.
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            XCTFail("no civicpulse binary at \(binary.path): run swift build")
            return Run(status: -1, lines: [])
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["inspect", "--pipeline", scratch.appendingPathComponent("pipeline.yaml").path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, lines: String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    func fixture(_ name: String) -> String {
        fixtures.appendingPathComponent(name).path
    }

    func testOneLinePerFileWithEventsByKind() throws {
        let threads = fixture("youtube/commentThreads-by-video.json")
        let run = try inspect([threads])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.lines, [
            "\(threads): YouTube commentThreads.list page (3 items, more pages follow): 5 records read → 6 events (comment 3, reply 1, post 1, edit 1), 0 records quarantined",
        ])
    }

    func testRejectionsAndPlatformErrorsGetALineEach() throws {
        let bad = fixture("youtube/commentThreads-bad-records.json")
        let error = fixture("youtube/error-quota-exceeded.json")
        let run = try inspect([bad, error])
        XCTAssertEqual(run.status, 0, "without --strict, inspect only reports")
        XCTAssertEqual(run.lines, [
            "\(bad): YouTube commentThreads.list page (3 items): 3 records read → 1 event (comment 1), 2 records quarantined",
            "  \(bad): items[1].snippet.topLevelComment (id UgxBadTime00000008AaABAg): field 'snippet.publishedAt': not a timestamp: \"last Tuesday\"",
            "  \(bad): items[2] (id UgxNoSnippet000009AaABAg): field 'snippet': missing",
            "\(error): YouTube error response: 0 records read → 0 events, 0 records quarantined, 1 platform error",
            "  \(error): platform error: YouTube error 403: The request cannot be completed because you have exceeded your quota. (youtube.quota/quotaExceeded)",
        ])
    }

    func testStrictFailsOnAQuarantinedRecord() throws {
        let run = try inspect(["--strict", fixture("youtube/channels-statistics.json"), fixture("youtube/commentThreads-bad-records.json")])
        XCTAssertEqual(run.status, 3, "as ingest exits when it quarantines a record")
        XCTAssertEqual(run.lines.count, 4)
    }

    func testStrictPassesErrorResponsesAndNothingToIngest() throws {
        let run = try inspect([
            "--strict", fixture("youtube/error-quota-exceeded.json"), fixture("twitter/v1-error-request.json"),
            fixture("twitter/v2-counts.json"), fixture("twitter/v1-mentions-timeline.json"),
        ])
        XCTAssertEqual(run.status, 0)
        XCTAssertTrue(run.lines.contains { $0.hasSuffix("v2-counts.json: Twitter API v2 tweet counts (nothing to ingest): 0 records read → 0 events, 0 records quarantined") })
    }

    func testAnUnrecognisedFileExitsThreeAsIngestDoesAndSaysWhy() throws {
        let unknown = scratch.appendingPathComponent("open311.json")
        try Data(#"[{"service_request_id":"14-01100669","status":"open"}]"#.utf8).write(to: unknown)
        let run = try inspect(["--strict", unknown.path, fixture("youtube/channels-statistics.json")])
        XCTAssertEqual(run.status, 3)
        XCTAssertTrue(run.lines.first?.hasPrefix("\(unknown.path): not read: cannot tell what kind of payload this is") == true, "\(run.lines)")
        XCTAssertEqual(run.lines.count, 2, "the other file is still inspected")
    }

    /// Payloads known to hold nothing to ingest say what they are and what to fetch instead:
    /// "name the source" could not help for them.
    func testAKnownPayloadWithNothingToIngestSaysWhatItIsNotToNameASource() throws {
        let search = scratch.appendingPathComponent("search.json")
        try Data(#"{"kind":"youtube#searchListResponse","items":[{"kind":"youtube#searchResult","id":{"kind":"youtube#video","videoId":"v1"}}]}"#.utf8).write(to: search)
        let run = try inspect([search.path])
        XCTAssertEqual(run.status, 3)
        XCTAssertEqual(run.lines.count, 1, "\(run.lines)")
        XCTAssertTrue(run.lines[0].hasPrefix("\(search.path): not read: a YouTube search.list response holds only the ids"), run.lines[0])
        XCTAssertFalse(run.lines.contains { $0.contains("name the source") }, "\(run.lines)")
    }

    func testAFileThatCannotBeReadExitsThreeAsIngestDoes() throws {
        let missing = scratch.appendingPathComponent("nope.json").path
        let run = try inspect([missing, fixture("youtube/channels-statistics.json")])
        XCTAssertEqual(run.status, 3, "a file not read is a failure even without --strict")
        XCTAssertEqual(run.lines.first, "\(missing): not read: cannot read the file: no such file or directory")
        XCTAssertEqual(run.lines.count, 2, "the other file is still inspected")
    }

    /// A page cut short said only "not JSON and not JSON Lines"; now the line names where, as ingest's does.
    func testAFileThatIsNotJSONSaysWhereItStops() throws {
        let cut = scratch.appendingPathComponent("cut.json")
        try Data("{\"kind\": \"youtube#videoListResponse\",\n \"items\": [{\"id\": \"Bins2026abc\", ".utf8).write(to: cut)
        let run = try inspect([cut.path, fixture("youtube/channels-statistics.json")])
        XCTAssertEqual(run.status, 3)
        XCTAssertEqual(run.lines.first, "\(cut.path): not read: line 2, byte 72: expected a member name in double quotes, "
                       + "but the text ends there (cut short?) (the file is neither JSON nor JSON Lines, one JSON object per line)")
        XCTAssertEqual(run.lines.count, 2, "the other file is still inspected")
    }
}
