import Foundation
import XCTest

/// Payloads carrying terminal control sequences, through a real ingest and process, then every
/// text report an operator reads in a terminal: each sequence is shown (`\u{1B}`), none reaches
/// the terminal.
final class TerminalEscapeTests: DatabaseTestCase {
    private var folder: URL!
    private var pipeline: URL!

    /// What a payload could send a terminal: a colour and a screen clear (CSI), an OSC 8 link
    /// whose target the reader never sees, a window title, BEL, a CR that prints over the line,
    /// the one-byte C1 CSI, and a right-to-left override that reorders what follows.
    static let hostile = "\u{1B}[31mred\u{1B}[2J \u{1B}]8;;https://evil.example/\u{07}click\u{1B}]8;;\u{07} \u{1B}]0;title\u{07} \rover \u{9B}2J \u{202E}txt"

    override func setUpWithError() throws {
        try super.setUpWithError()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("escapes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let example = try String(contentsOf: Fixtures.root.appendingPathComponent("pipelines/example-council.yaml"), encoding: .utf8)
        let mapping = "      conversation: session_id\n"
        XCTAssertTrue(example.contains(mapping), "the example pipeline's webchat mapping")
        pipeline = folder.appendingPathComponent("pipeline.yaml")
        try example.replacingOccurrences(of: mapping, with: mapping + "      url: link\n").write(to: pipeline, atomically: true, encoding: .utf8)

        // Web chat: the text and the permalink, one of them urgent (a flood), none answered.
        let quoted = "\"" + Self.hostile.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let chat = """
            message_id,session_id,sent_at,sender,body,in_reply_to,link
            wc-1,chat-1,2026-11-16T09:00:00Z,visitor-1,\("\"Quay St is flooded " + Self.hostile + "\""),,\("\"https://chat.harbourside.example/s/1" + Self.hostile + "\"")
            wc-2,chat-2,2026-11-16T10:00:00Z,visitor-2,\(quoted),,\("\"https://chat.harbourside.example/s/2" + Self.hostile + "\"")

            """
        let chatFile = folder.appendingPathComponent("chat.csv")
        try chat.write(to: chatFile, atomically: true, encoding: .utf8)
        // Twitter: a resident's handle, which becomes the item's permalink.
        let page: [String: Any] = [
            "data": [["id": "3001", "text": "@HarboursideCC the bins " + Self.hostile, "author_id": "100009",
                      "created_at": "2026-11-17T10:00:00.000Z", "conversation_id": "3001", "in_reply_to_user_id": "900000000000000001"]],
            "includes": ["users": [["id": "100009", "name": "Resident " + Self.hostile, "username": "evil" + Self.hostile],
                                   ["id": "900000000000000001", "name": "Harbourside Council", "username": "HarboursideCC"]]],
            "meta": ["result_count": 1],
        ]
        let tweets = folder.appendingPathComponent("tweets.json")
        try JSONSerialization.data(withJSONObject: page).write(to: tweets)
        // A listening export, its file's name as hostile as its broken time, which the
        // quarantine's reason quotes.
        let mention = #"{"platform":"twitter","id":"9001","author":"30001","text":"flood","time":"#
            + String(decoding: try JSONSerialization.data(withJSONObject: ["soon" + Self.hostile]), as: UTF8.self).dropFirst().dropLast()
            + #","url":null}"#
        let mentions = folder.appendingPathComponent("mentions-\u{1B}[31mred\u{07}\r.jsonl")
        try (mention + "\n").write(to: mentions, atomically: true, encoding: .utf8)

        XCTAssertEqual(try run(["ingest", "-q", "--pipeline", pipeline.path, "--mapping", "webchat", chatFile.path]).status, 0)
        let ingest = try run(["ingest", "-q", "--pipeline", pipeline.path, tweets.path, mentions.path])
        XCTAssertEqual(ingest.status, 3, "the mention's time is quarantined: " + ingest.out + ingest.err)
        XCTAssertEqual(try run(["process", "-q", "--pipeline", pipeline.path]).status, 0)
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    /// The control characters a terminal acts on: C0 but the line feed, DEL, C1, and the
    /// bidirectional overrides and isolates.
    private func controls(in text: String) -> [String] {
        text.unicodeScalars.filter { scalar in
            scalar != "\n" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value))
        }.map { String(format: "U+%04X", $0.value) }
    }

    func testNoReportPassesAPayloadsControlCharactersToTheTerminal() throws {
        let reports: [[String]] = [
            ["sla", "--from", "2026-11-16", "--to", "2026-11-22", "--as-of", "2026-11-23T09:00:00Z"],
            ["dashboard", "--from", "2026-11-16", "--to", "2026-11-22", "--as-of", "2026-11-23T09:00:00Z"],
            ["reach", "--week", "2026-W47", "--as-of", "2026-11-23T09:00:00Z"],
            ["alerts", "--as-of", "2026-11-17T12:00:00Z", "--since", "1w", "--urgent-within", "1w"],
            ["incident", "--from", "2026-11-16", "--to", "2026-11-17", "--as-of", "2026-11-23T09:00:00Z"],
            ["summary", "--week", "2026-W47", "--as-of", "2026-11-23T09:00:00Z"],
        ]
        var shownAnywhere = false
        for arguments in reports {
            let result = try run(arguments + ["-q", "--pipeline", pipeline.path])
            XCTAssertTrue([0, 2].contains(result.status), "\(arguments[0]): \(result.err)")
            XCTAssertEqual(controls(in: result.out), [], "\(arguments[0]):\n\(result.out)")
            XCTAssertEqual(controls(in: result.err), [], "\(arguments[0]):\n\(result.err)")
            shownAnywhere = shownAnywhere || result.out.contains(#"\u{1B}[31mred\u{1B}[2J"#)
        }
        XCTAssertTrue(shownAnywhere, "the payloads' permalinks are listed, their escapes shown")

        let sla = try run(["sla", "-q", "--pipeline", pipeline.path, "--from", "2026-11-16", "--to", "2026-11-22", "--as-of", "2026-11-23T09:00:00Z"])
        XCTAssertTrue(sla.out.contains(#"https://x.com/evil\u{1B}[31mred\u{1B}[2J \u{1B}]8;;https://evil.example/\u{7}click"#), sla.out)
        XCTAssertTrue(sla.out.contains(#"https://chat.harbourside.example/s/1\u{1B}[31m"#), sla.out)
        XCTAssertTrue(sla.out.contains(#"\u{D}over \u{9B}2J \u{202E}txt"#), sla.out)
    }

    func testTheQuarantineListShowsTheRecordsControlCharacters() throws {
        let result = try run(["quarantine", "-q"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(controls(in: result.out), [], result.out)
        XCTAssertTrue(result.out.contains(#"/mentions-\u{1B}[31mred\u{7}\u{D}.jsonl: record (id 9001): field 'time': not a timestamp: "soon"#),
                      result.out)
    }
}
