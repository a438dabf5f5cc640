import Foundation
import XCTest

/// Permalinks from an export, through a real ingest, process and `summary`: the Markdown and text
/// forms link the one https address and pass none of the others on.
final class SummaryLinkTests: DatabaseTestCase {
    private var pipeline: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        pipeline = try Fixtures.pipelineWithChatLinks()
        let ingest = try run(["ingest", "-q", "--pipeline", pipeline.path, "--mapping", "webchat", Fixtures.path("webchat-hostile-links.csv")])
        XCTAssertEqual(ingest.status, 0, ingest.err)
        XCTAssertTrue(ingest.out.hasSuffix("5 records read → 5 events appended, 0 already in the log, 0 records quarantined\n"), ingest.out)
        XCTAssertEqual(try run(["process", "-q", "--pipeline", pipeline.path]).status, 0)
    }

    override func tearDown() {
        if let pipeline { try? FileManager.default.removeItem(at: pipeline) }
        super.tearDown()
    }

    private func summary(_ format: String) throws -> String {
        let result = try run(["summary", "-q", "--pipeline", pipeline.path, "--week", "2026-W47", "--as-of", "2026-11-23T09:00:00Z", "--format", format])
        XCTAssertEqual(result.status, 0, result.err)
        return result.out
    }

    func testMarkdownLinksOnlyTheHTTPSAddressesEachSpelledWhole() throws {
        let markdown = try summary("markdown")
        let listed = markdown.split(separator: "\n").filter { $0.hasPrefix("- ") && $0.contains("webchat") }
        XCTAssertGreaterThanOrEqual(listed.count, 5, "the five open questions:\n" + markdown)
        XCTAssertTrue(markdown.contains(" — <https://chat.harbourside.example/s/901>\n"), markdown)
        XCTAssertTrue(markdown.contains(" — <https://chat.harbourside.example/s/903%22%3E%3Cscript%3Ealert%285%29%3C/script%3E>\n"), markdown)
        XCTAssertTrue(markdown.contains(" — <https://chat.harbourside.example/s/904%29%5Bx%5D%28javascript:alert%286%29>\n"), markdown)
        for passedOn in ["javascript:alert(5)", "data:", "<script", "](", "PHNjcmlwd"] {
            XCTAssertFalse(markdown.contains(passedOn), passedOn + "\n" + markdown)
        }

        let html = try GitHubMarkdown.html(markdown)
        let links = html.components(separatedBy: "<a href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        XCTAssertEqual(Set(links).count, 3, html)
        for link in links { XCTAssertTrue(link.hasPrefix("https://chat.harbourside.example/s/90"), String(link)) }
        for element in ["<script", "<img", "<em>"] {
            XCTAssertFalse(html.contains(element), element)
        }
    }

    /// The text form is the e-mail's text part, which mail programs link by themselves.
    func testTextShowsNoAddressButHTTPSOnes() throws {
        let text = try summary("text")
        XCTAssertTrue(text.contains("  https://chat.harbourside.example/s/901\n"), text)
        XCTAssertFalse(text.contains("javascript:alert(5)"), text)
        XCTAssertFalse(text.contains("data:text/html"), text)
        XCTAssertFalse(text.contains("<script>"), text)
    }
}
