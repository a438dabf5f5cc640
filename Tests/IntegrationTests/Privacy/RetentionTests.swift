import CivicPulsePrivacy
import Foundation
import Postgres
import XCTest

/// `civicpulse retention apply` and the `db status` line (issue 22 part 1, docs/privacy.md):
/// read as the database superuser, no resident's text or link older than retention is left
/// readable, every figure is as it was, a rebuild equals incremental processing, and a second
/// run, or two at once, do nothing more.
final class RetentionTests: FolderTestCase {
    let week = ["--from", "2026-11-16", "--to", "2026-11-22"]
    private let freshText = "Still no bin collection on Elm Road this week"

    /// This test's pipeline, which names its retention.
    var pipelineFile: [String: String] {
        ["CIVICPULSE_PIPELINE": folder.appendingPathComponent("pipeline.yaml").path]
    }

    func cli(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try runAtHome(arguments, environment: pipelineFile)
    }

    func succeeds(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try cli(arguments)
        XCTAssertEqual(result.status, 0, "\(arguments): \(result.err)", file: file, line: line)
        return result.out
    }

    private func figures() throws -> [String] {
        try ["dashboard", "sla", "reach"].map { try succeeds([$0, "-q", "--format", "json"] + week) }
    }

    /// The example pipeline with `retention` added: `message_text: retention`, and `events` when given.
    func pipeline(retention: String?, events: String? = nil) throws {
        var text = try String(contentsOf: Fixtures.root.appendingPathComponent("pipelines/example-council.yaml"), encoding: .utf8)
        if retention != nil || events != nil { text += "\nretention:\n" }
        if let retention { text += "  message_text: \(retention)\n" }
        if let events { text += "  events: \(events)\n" }
        try text.write(to: folder.appendingPathComponent("pipeline.yaml"), atomically: true, encoding: .utf8)
    }

    /// The fixture week (all of it more than a day old), and a message of resident 1 sent an
    /// hour ago, processed.
    private func ingest() throws {
        XCTAssertEqual(try cli(["ingest", "-q", Fixtures.path("harbourside-tweets.json"), Fixtures.path("harbourside-tweets-monday.json")]).status, 3,
                       "tweet 1010 is quarantined")
        let sent = Date().addingTimeInterval(-3600).formatted(.iso8601)
        let fresh = folder.appendingPathComponent("fresh.jsonl")
        try (#"{"platform":"twitter","id":"7001","author":"100001","text":"\#(freshText)","time":"\#(sent)","url":null}"# + "\n")
            .write(to: fresh, atomically: true, encoding: .utf8)
        _ = try succeeds(["ingest", "-q", fresh.path])
        _ = try succeeds(["process", "-q"])
    }

    /// What the residents wrote in the fixture week, as the fixture has it; but tweet 1010,
    /// which ingest quarantined (retention does not reach the quarantine, docs/privacy.md).
    func weekTexts() throws -> [String] {
        let page = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("harbourside-tweets.json")))) as! [String: Any]
        let council: Set<String> = ["900000000000000001", "900000000000000002", "900000000000000003"]
        let texts = (page["data"] as! [[String: Any]]).filter { !council.contains($0["author_id"] as? String ?? "") && $0["id"] as? String != "1010" }
            .compactMap { $0["text"] as? String }
        XCTAssertEqual(texts.count, 7)
        return texts
    }

    func testRetentionMakesOldTextUnreadableKeepsEveryFigureAndRunsOnce() throws {
        try pipeline(retention: "1 day")
        try ingest()
        let connection = try database.connect()
        let links = try residentLinks(on: connection, except: ["7001"])
        XCTAssertFalse(links.isEmpty)
        let figuresBefore = try figures().map { report in links.reduce(report) { $0.replacingOccurrences(of: "\"\($1)\"", with: "null") } }
        // The fixture week's residents' messages: 1001, 1003, 1005, 1006, 1008, 1009 and the
        // retweet 1011 (1010 is quarantined); the council's are not sealed.
        let status = try succeeds(["db", "status", "-q"])
        XCTAssertTrue(status.hasSuffix("retention (message_text 1 day): the text of 7 messages is past retention and still readable, the oldest due since 2026-11-17T10:00:00Z; run civicpulse retention apply\n"), status)

        let applied = try succeeds(["retention", "apply", "-q"])
        XCTAssertTrue(applied.hasPrefix("retention (message_text 1 day): made 7 messages sent before "), applied)
        XCTAssertTrue(applied.hasSuffix(" unreadable\n"), applied)
        XCTAssertEqual(applied.split(separator: "\n").count, 1, "one line, for cron")

        let rows = try everyRow(in: database.name)
        for secret in try weekTexts() + links {
            XCTAssertFalse(rows.contains(secret), "still readable past retention: \(secret)")
        }
        XCTAssertTrue(try openedBodies(on: connection).values.contains(freshText), "a message an hour old stays readable")
        XCTAssertEqual(try figures(), figuresBefore, "every figure stays; only the old links are gone")

        let again = try succeeds(["retention", "apply", "-q"])
        XCTAssertTrue(again.hasPrefix("retention (message_text 1 day): nothing sent before ") && again.hasSuffix(" is still readable; nothing to do\n"), again)
        XCTAssertEqual(try connection.query("SELECT scope, events, keys_destroyed, residents_unlinked FROM privacy.erasures ORDER BY id").map {
            "\(try $0.decode(String.self, 0)) \(try $0.decode(Int.self, 1)) \(try $0.decode(Int.self, 2)) \(try $0.decode(Int.self, 3))"
        }, ["retention 7 7 0", "retention 0 0 0"], "each run is registered, with no personal data")
        XCTAssertTrue(try succeeds(["db", "status", "-q"]).hasSuffix("retention (message_text 1 day): nothing due\n"))

        let incremental = try projectionDigests(database)
        _ = try succeeds(["process", "-q", "--rebuild"])
        assertSameProjections(try projectionDigests(database), incremental, "rebuild after retention")
        XCTAssertEqual(try figures(), figuresBefore)
    }

    /// Two runs at once (cron overlapping itself) take turns: one makes the 7 messages
    /// unreadable, the other finds nothing; both exit 0.
    func testTwoRunsAtOnceTakeTurns() throws {
        try pipeline(retention: "1 day")
        try ingest()
        var environment = ProcessInfo.processInfo.environment.merging(pipelineFile) { $1 }
        environment["PGDATABASE"] = database.name
        environment["CIVICPULSE_HOME"] = folder.path
        let runs = [LockedBox<String>(), LockedBox<String>()]
        DispatchQueue.concurrentPerform(iterations: 2) { [environment] index in
            let result = try? runCivicPulse(["retention", "apply", "-q"], environment: environment)
            runs[index].value = "\(result?.status ?? -1) \(result?.out.contains("made 7 messages") == true ? "made" : "nothing")"
        }
        XCTAssertEqual(runs.compactMap(\.value).sorted(), ["0 made", "0 nothing"])
    }

    /// Cron runs it as a login role granted the privacy officer's role (docs/security.md), which
    /// may do all it does.
    func testThePrivacyRoleAppliesRetention() throws {
        try pipeline(retention: "1 day")
        try ingest()
        let applied = try runAtHome(["retention", "apply", "-q"], environment: pipelineFile.merging(["PGOPTIONS": "-c role=civicpulse_privacy"]) { $1 })
        XCTAssertEqual(applied.status, 0, applied.err)
        XCTAssertTrue(applied.out.contains("made 7 messages"), applied.out)
    }

    func testNoRetentionSetMeansNothingExpires() throws {
        try pipeline(retention: nil)
        try ingest()
        let path = folder.appendingPathComponent("pipeline.yaml").path
        XCTAssertEqual(try succeeds(["retention", "apply", "-q"]), "retention: none set in \(path): nothing expires\n")
        XCTAssertTrue(try succeeds(["db", "status", "-q"]).hasSuffix("retention: none set in \(path): nothing expires\n"))
        XCTAssertEqual(try database.connect().query("SELECT count(*) FROM privacy.message_keys WHERE key IS NULL")[0].decode(Int.self, 0), 0)
    }

    func testABadRetentionIsRefusedNamingTheField() throws {
        try pipeline(retention: "13 monts")
        let result = try cli(["retention", "apply", "-q"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.err.contains("pipeline.yaml:"), result.err)
        XCTAssertTrue(result.err.contains("retention.message_text: '13 monts' is not a retention period"), result.err)
    }
}
