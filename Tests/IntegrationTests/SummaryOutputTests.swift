import CivicPulseCore
import CivicPulseProcessor
import CivicPulseReports
import Foundation
import Postgres
import XCTest

/// The summary's HTML and e-mail forms: residents' words never become markup, and the e-mail is
/// one a mail system takes as it is.
final class SummaryOutputTests: XCTestCase {
    var database: TestDatabase!
    var summary: WeeklySummary!

    override func setUpWithError() throws {
        database = try TestDatabase()
        let connection = try database.connect()
        let config = try Fixtures.config()
        let ingestor = try Fixtures.ingestor(connection)
        _ = try ingestor.ingest(file: Fixtures.path("harbourside-tweets.json"))
        _ = try ingestor.ingest(file: Fixtures.path("harbourside-tweets-monday.json"))
        try Processor(connection: connection, config: config).catchUp()
        summary = try WeeklySummary.load(week: ISOWeek("2026-W47")!, config: config, on: connection)
    }

    override func tearDown() {
        database?.drop()
    }

    /// The week's items by hour of arrival, as `heatmap` gives them, drawn as a titled SVG: a
    /// square an hour of the week, each titled with its figures, and a key (none, █ 1).
    func testHTMLDrawsTheWeeksArrivalsByHour() throws {
        let arrivals = try XCTUnwrap(summary.arrivals)
        XCTAssertEqual(arrivals.total, 5)
        XCTAssertEqual(arrivals.items[0][10], 1, "tweet 1001, Monday 10:00 GMT")
        let html = summary.html()
        XCTAssertTrue(html.contains("role=\"img\" aria-label=\"Items opened by weekday and hour of arrival\""))
        XCTAssertTrue(html.contains("<title>Mon 10:00–11:00: 1 item, median first response 30m</title>"))
        XCTAssertTrue(html.contains("<title>Tue 14:00–15:00: 1 item</title>"), "never answered")
        XCTAssertTrue(html.contains("<title>Sun 23:00–00:00: 0 items</title>"))
        XCTAssertEqual(html.components(separatedBy: "class=\"heat").count - 1, 7 * 24 + 2)
    }

    func testHTMLEscapesEveryTextAndLinksOnlyToWebAddresses() throws {
        XCTAssertEqual(summary.total?.inbound, 5)
        summary.youtube.channels = 1
        summary.youtube.mostDiscussed = [
            .init(videoID: "abc", title: "<script>alert('x')</script> & \"more\"", url: "javascript:alert(1)", comments: 3, views: nil, viewsReadAt: nil),
        ]
        summary.listening.topics = [.init(topic: "<img src=x onerror=alert(1)>", messages: 2, previous: 0)]
        let html = summary.html()
        XCTAssertFalse(html.contains("<script"), "no script, ours or a resident's")
        XCTAssertFalse(html.contains("<img"))
        XCTAssertFalse(html.contains("javascript:alert(1)\""), "no link to a script address")
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"))
        XCTAssertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        XCTAssertTrue(html.contains("<meta name=\"viewport\""))
        XCTAssertTrue(html.contains("@media (max-width: 600px)"))
        XCTAssertTrue(html.contains("@media print"))
        XCTAssertFalse(html.contains("http://") || html.contains("src=\"http"), "nothing fetched from elsewhere")
        XCTAssertEqual(html.components(separatedBy: "<svg class=\"chart\"").count - 1, 1,
                       "the SLA chart; no reach chart without reach figures")
        let markdown = summary.markdown()
        XCTAssertTrue(markdown.contains("\\<script\\>"), markdown)
    }

    /// A summary whose every payload-derived string is hostile: the Markdown and text forms
    /// show them as text, and link only the https address.
    func testTheSummaryFormsShowHostileNamesAsTextAndLinkOnlyHTTPS() throws {
        summary.youtube.channels = 1
        summary.youtube.mostDiscussed = [
            .init(videoID: "v1", title: "[Watch](javascript:alert(1)) <script>x</script>", url: "javascript:alert(1)", comments: 3, views: nil, viewsReadAt: nil),
            .init(videoID: "v2", title: "Budget | 2027", url: "https://www.youtube.com/watch?v=v2\"><b>", comments: 2, views: nil, viewsReadAt: nil),
        ]
        summary.listening.topics = [.init(topic: "![x](https://tracker.example/p.png)", messages: 2, previous: 0)]
        let markdown = summary.markdown()
        XCTAssertTrue(markdown.contains("- \\[Watch\\](javascript:alert(1)) \\<script\\>x\\</script\\> — 3 comments\n"), markdown)
        XCTAssertTrue(markdown.contains("- Budget \\| 2027 — 2 comments — <https://www.youtube.com/watch?v=v2%22%3E%3Cb%3E>\n"), markdown)
        XCTAssertTrue(markdown.contains("| \\!\\[x\\](https\\://tracker.example/p.png) | 2 |"), markdown)
        let text = summary.text()
        XCTAssertFalse(text.contains("javascript:alert(1)\n"), "no script address on a line of its own, where mail programs link it")
        XCTAssertTrue(text.contains("  https://www.youtube.com/watch?v=v2%22%3E%3Cb%3E\n"), text)
    }

    func testTheEmailIsMultipartWithHeadersAMailSystemAccepts() throws {
        let date = utc("2026-11-23T07:00:00Z")
        let mail = try summary.mail(from: "reports@harbourside.example", to: "chief.executive@harbourside.example", date: date)
        let raw = mail.render()
        let headerBlock = String(raw[..<raw.range(of: "\r\n\r\n")!.lowerBound])
        XCTAssertTrue(headerBlock.contains("From: reports@harbourside.example\r\n"))
        XCTAssertTrue(headerBlock.contains("To: chief.executive@harbourside.example\r\n"))
        XCTAssertTrue(headerBlock.contains("Date: Mon, 23 Nov 2026 07:00:00 +0000\r\n"))
        XCTAssertTrue(headerBlock.contains("MIME-Version: 1.0\r\n"))
        XCTAssertTrue(headerBlock.contains("Subject: =?UTF-8?B?"), "the subject has an em dash, so it is an encoded word")
        XCTAssertNotNil(headerBlock.range(of: #"Message-ID: <[0-9a-f-]+@harbourside\.example>"#, options: .regularExpression))
        XCTAssertNotNil(headerBlock.range(of: #"Content-Type: multipart/alternative;\r\n boundary="=_civicpulse_[0-9a-f]+""#, options: .regularExpression))
        XCTAssertFalse(raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
        for line in raw.components(separatedBy: "\r\n") { XCTAssertLessThanOrEqual(line.count, 78, line) }
        XCTAssertThrowsError(try summary.mail(from: "a@b", to: "x@y\r\nBcc: everyone@example.org"), "no header injection")

        // A real MIME parser reads it back: Python's email package, when the machine has it.
        let python = URL(fileURLWithPath: "/usr/bin/env")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString).eml")
        try Data(raw.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import sys, email, email.policy, email.utils, json
            m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
            parts = [p for p in m.walk() if not p.is_multipart()]
            print(json.dumps({"subject": str(m["subject"]), "type": m.get_content_type(), "defects": len(m.defects),
                "date": email.utils.parsedate_to_datetime(m["date"]).isoformat(),
                "parts": [[p.get_content_type(), p.get_content()] for p in parts]}))
            """
        let process = Process()
        process.executableURL = python
        process.arguments = ["python3", "-c", script, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { throw XCTSkip("no python3 to parse the e-mail with") }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try XCTSkipIf(process.terminationStatus == 127, "no python3 to parse the e-mail with")
        XCTAssertEqual(process.terminationStatus, 0)
        let parsed = try JSONSerialization.jsonObject(with: output) as! [String: Any]
        XCTAssertEqual(parsed["subject"] as? String, "Harbourside Borough Council — weekly summary 2026-W47")
        XCTAssertEqual(parsed["type"] as? String, "multipart/alternative")
        XCTAssertEqual(parsed["defects"] as? Int, 0)
        XCTAssertEqual(parsed["date"] as? String, "2026-11-23T07:00:00+00:00")
        let parts = parsed["parts"] as! [[String]]
        XCTAssertEqual(parts.map { $0[0] }, ["text/plain", "text/html"])
        XCTAssertEqual(parts[0][1].replacingOccurrences(of: "\r\n", with: "\n"), summary.text())
        XCTAssertEqual(parts[1][1].replacingOccurrences(of: "\r\n", with: "\n"), summary.html())
    }

    /// Every value that reaches a header: one plain address each, and no line break anywhere,
    /// the subject (the pipeline's org name) included.
    func testNoValueCanAddAHeaderToTheEmail() throws {
        XCTAssertThrowsError(try summary.mail(from: "a@b", to: "Someone <x@y>, all@example.org"), "one plain address, no second one")
        XCTAssertThrowsError(try summary.mail(from: "a@b\nBcc: everyone@example.org", to: "x@y"))
        summary.header.orgName = "Harbourside\r\nBcc: everyone@example.org"
        XCTAssertThrowsError(try summary.mail(from: "a@b", to: "x@y")) { error in
            XCTAssertEqual("\(error)", #"Subject "Harbourside\r\nBcc: everyone@example.org — weekly summary 2026-W47" spans lines or holds control characters"#)
        }
    }

    func testALongNonASCIISubjectIsSplitIntoShortEncodedWords() throws {
        let subject = String(repeating: "Résumé — ", count: 12)
        let raw = try MailMessage(from: "a@b.example", to: "c@d.example", subject: subject, text: "t", html: "<p>h</p>").render()
        let header = raw.components(separatedBy: "\r\n\r\n")[0]
        let subjectLines = header.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        XCTAssertGreaterThan(subjectLines.count, 2)
        let words = subjectLines.map { $0.replacingOccurrences(of: "Subject: ", with: "").trimmingCharacters(in: .whitespaces) }
        let decoded = try words.map { word -> Data in
            XCTAssertLessThanOrEqual(word.count, 66)
            XCTAssertTrue(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="), word)
            return try XCTUnwrap(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
        }
        XCTAssertEqual(String(decoding: decoded.reduce(Data(), +), as: UTF8.self), subject, "no character split across words")
    }

    func testSparklinesScaleBetweenTheLowestAndHighestWeek() {
        XCTAssertEqual(Sparkline.render([0, 0.5, 1, nil]), "▁▅█·")
        XCTAssertEqual(Sparkline.render([3, 3]), "▄▄")
        XCTAssertEqual(Sparkline.render([nil, nil]), "··")
    }
}
