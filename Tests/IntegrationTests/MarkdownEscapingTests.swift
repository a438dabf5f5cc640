@testable import CivicPulseReports
import Foundation
import XCTest

/// Words and addresses from payloads in the Markdown and text forms (no database): text shows
/// as written and never becomes markup; only https addresses become links, spelled so that they
/// cannot end early.
final class MarkdownEscapingTests: XCTestCase {
    /// Values a resident, a platform or an export could send, one kind of markup each.
    static let hostile = [
        "[click me](javascript:alert(5))",
        "![pixel](https://tracker.example/p.png)",
        "<script>alert('x')</script> & \"more\"",
        "<img src=x onerror=alert(1)>",
        "a | b | c",
        "first line\n# a heading\n---\n| x | y |",
        "- a list item",
        "+ another",
        "12. numbered",
        "3) numbered too",
        "= underline",
        "**bold** __bold__ *em* _em_ ~~struck~~",
        "`code` and ```fence```",
        "> a quote",
        "see https://evil.example/x and www.evil.example or ftp://evil.example",
        "write to someone@evil.example or mailto:someone@evil.example",
        "&lt;b&gt; &#106;avascript",
        "\\[escaped\\] already",
        "a $x^2$ formula",
        "terminal \u{1B}[31mred\u{1B}[0m and \u{0}nul",
        "[ ] task",
    ]

    func testEachKindOfMarkupIsEscaped() {
        XCTAssertEqual(Markdown.escape("[click me](javascript:alert(5))"), "\\[click me\\](javascript:alert(5))")
        XCTAssertEqual(Markdown.escape("![p](https://t.example/p.png)"), "\\!\\[p\\](https\\://t.example/p.png)")
        XCTAssertEqual(Markdown.escape("<script>"), "\\<script\\>")
        XCTAssertEqual(Markdown.escape("a | b"), "a \\| b")
        XCTAssertEqual(Markdown.escape("one\n# two\r\nthree"), "one \\# two three")
        XCTAssertEqual(Markdown.escape("- item"), "\\- item")
        XCTAssertEqual(Markdown.escape("12. item"), "12\\. item")
        XCTAssertEqual(Markdown.escape("2026-11-16 at 10.30"), "2026-11-16 at 10.30", "dates and times stay readable")
        XCTAssertEqual(Markdown.escape("www.evil.example"), "www\\.evil.example")
        XCTAssertEqual(Markdown.escape("x@evil.example"), "x@\u{2060}evil.example")
        XCTAssertEqual(Markdown.escape("&amp; ~~s~~ $m$"), "\\&amp; \\~\\~s\\~\\~ \\$m\\$")
        XCTAssertEqual(Markdown.escape("red \u{1B}[31m"), "red  \\[31m")
    }

    /// The reports' own notes name a command in backticks: Markdown keeps it code, where
    /// escaping the backticks showed them around it as written; a payload's words are escaped.
    func testOurOwnCodeSpansStayCodeAndTheWordsAroundThemAreEscaped() {
        XCTAssertEqual(Markdown.escapeKeepingCode("Data until 2026-11-22 10:00: the feeds or `civicpulse process` may be down [x]."),
                       "Data until 2026-11-22 10:00: the feeds or `civicpulse process` may be down \\[x\\].")
        XCTAssertEqual(Markdown.escapeKeepingCode("one ` alone"), Markdown.escape("one ` alone"), "an unclosed span is escaped as text")
        XCTAssertEqual(Markdown.escape("`code`"), "\\`code\\`", "a payload's backticks are still escaped")
    }

    /// The real renderer: each value, alone and in a table cell, comes out as its own words
    /// (line breaks as spaces), with no element of its making.
    func testEscapedTextRendersAsWrittenInGitHubMarkdown() throws {
        for value in Self.hostile {
            let shown = GitHubMarkdown.escaped(value.map { $0.breaksLine ? " " : String($0) }.joined()
                .replacingOccurrences(of: "@", with: "@\u{2060}").trimmingCharacters(in: .whitespaces))
            let paragraph = try GitHubMarkdown.html(Markdown.escape(value) + "\n")
            XCTAssertEqual(paragraph, "<p>\(shown)</p>\n", value)
            let table = try GitHubMarkdown.html("| Name | Count |\n|:---|---:|\n| \(Markdown.escape(value)) | 1 |\n")
            XCTAssertTrue(table.contains("<td align=\"left\">\(shown)</td>\n<td align=\"right\">1</td>"), value + "\n" + table)
        }
    }

    func testOnlyHTTPSAddressesWithAPlainHostBecomeLinks() {
        XCTAssertEqual(WebLink("https://x.com/HarboursideCC/status/1001")?.description, "https://x.com/HarboursideCC/status/1001")
        XCTAssertEqual(WebLink("https://www.youtube.com/watch?v=abc&lc=Ugx%3D")?.description, "https://www.youtube.com/watch?v=abc&lc=Ugx%3D")
        for refused in ["javascript:alert(5)//", "JavaScript:alert(5)", "http://council.example/a", "data:text/html,<script>alert(1)</script>",
                        "https://council.example@evil.example/", "//evil.example/x", "https:///path", "https://", "vbscript:x", "", " "] {
            XCTAssertNil(WebLink(refused), refused)
        }
    }

    func testALinksMarkupCharactersArePercentEncoded() {
        let link = WebLink("https://chat.example/s/1\"><script>alert(5)</script> |x|')[y](javascript:z)`%zz%41")
        XCTAssertEqual(link?.description,
                       "https://chat.example/s/1%22%3E%3Cscript%3Ealert%285%29%3C/script%3E%20%7Cx%7C%27%29%5By%5D%28javascript:z%29%60%25zz%41")
    }
}
