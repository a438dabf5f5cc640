import Foundation
import XCTest

/// GitHub's own Markdown renderer, `cmark-gfm` (Debian package `cmark-gfm`), with the
/// extensions GitHub turns on and raw HTML let through (`--unsafe`), as many wikis do: so a
/// test sees what the Markdown itself would do, not what a renderer's own filter hides.
enum GitHubMarkdown {
    static func html(_ markdown: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cmark-gfm", "--unsafe", "-e", "autolink", "-e", "table", "-e", "strikethrough", "-e", "tasklist"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Without cmark-gfm, env exits at once, and the write may meet a closed pipe (EPIPE)
        // before the exit status says why: the non-throwing write traps on it, which crashed
        // the whole test run. Written with the throwing one, the missing program is a skip;
        // SIGPIPE ignored, else the signal kills the test process before the write can throw.
        signal(SIGPIPE, SIG_IGN)
        let written = Result { try input.fileHandleForWriting.write(contentsOf: Data(markdown.utf8)) }
        try? input.fileHandleForWriting.close()
        let html = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try XCTSkipIf(process.terminationStatus == 127, "no cmark-gfm to render Markdown with (apt-get install cmark-gfm)")
        try written.get()
        XCTAssertEqual(process.terminationStatus, 0)
        return html
    }

    /// How cmark-gfm writes text into HTML.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
