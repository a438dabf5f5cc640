import CivicPulseCore
import Foundation
@testable import CivicPulseIngest
import XCTest

/// Files read a piece at a time, as ingest and inspect read them: a JSON Lines file streamed from
/// disk must read exactly as the same bytes read whole, whatever falls on a piece's edge.
final class PayloadPipelineTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: folder)
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A mention of about 700 bytes; `time` replaces its timestamp.
    private func mention(_ index: Int, time: String? = nil) -> String {
        let padding = String(repeating: "quay-st-", count: 70)
        let time = time ?? "2026-11-21T\(String(format: "%02d", index / 3600 % 24)):\(String(format: "%02d", index / 60 % 60)):\(String(format: "%02d", index % 60))Z"
        return #"{"platform":"twitter","id":"\#(7_000_000 + index)","author":"3\#(index % 97)","text":"Bins on Mill Lane","time":"\#(time)","url":"https://x.com/\#(padding)\#(index)"}"#
    }

    /// Every piece of every file, in order: `(file, piece)`, or `(file, nil)` for a file that failed.
    private func pieces(_ files: [String], readAhead: Int = 2) throws -> [(String, PayloadPipeline<[EngagementEvent]>.Piece?)] {
        let pipeline = PayloadPipeline(files: files, reader: try TwitterFixtures.reader(), readAhead: readAhead) { $0.events }
        var all: [(String, PayloadPipeline<[EngagementEvent]>.Piece?)] = []
        while let file = pipeline.nextFile() {
            do {
                while let piece = try pipeline.nextPiece() { all.append((file, piece)) }
            } catch is IngestError {
                all.append((file, nil))
            }
        }
        return all
    }

    /// Seven pieces' worth of lines, with blank lines, CR LF endings, a line that is not JSON and a
    /// record with a bad time across the pieces, and a last line with no newline: the same events
    /// in the same order, the same line numbers, as reading the bytes whole.
    func testAStreamedFileReadsAsTheSameBytesReadWhole() throws {
        var lines = (0..<5_000).map { mention($0) }
        lines[1] = ""
        lines[777] = "   \r"
        lines[2_345] = #"{"platform":"twitter","id":"broken"#
        lines[4_001] = mention(4_001, time: "soon")
        lines[4_002] += "\r"
        let text = lines.joined(separator: "\n")
        let path = try write("mentions.jsonl", text)

        let streamed = try pieces([path])
        XCTAssertGreaterThanOrEqual(streamed.count, 6, "read in pieces: \(text.utf8.count) bytes")
        let whole = try TwitterFixtures.reader().read(data: Data(text.utf8), file: path, observedAt: TwitterFixtures.observedAt)
        let events = streamed.flatMap { $0.1!.prepared }
        XCTAssertEqual(events.count, 4_996)
        XCTAssertEqual(events.map(\.eventID), whole.events.map(\.eventID))
        XCTAssertEqual(events.map(\.details), whole.events.map(\.details))
        XCTAssertEqual(streamed.map { $0.1!.batch.recordsRead }.reduce(0, +), 4_998)
        XCTAssertEqual(streamed.flatMap { $0.1!.batch.rejections.map(\.recordPath) }, ["line 2346", "line 4002"])
        XCTAssertEqual(whole.rejections.map(\.recordPath), ["line 2346", "line 4002"])
        XCTAssertEqual(Set(streamed.map { $0.1!.batch.recognisedAs }), ["keyword-listening stream JSON Lines"])
        XCTAssertTrue(streamed.allSatisfy { $0.1!.batch.events.isEmpty }, "a piece's events are let go once prepared")
    }

    /// Documents, JSON Lines and files that cannot be read, mixed: each file's pieces come under it,
    /// in the order given, and a file that fails does not stop the next.
    func testFilesComeInOrderAndAFailureStaysWithItsFile() throws {
        let long = try write("long.jsonl", (0..<2_000).map { mention($0) }.joined(separator: "\n") + "\n")
        let document = try write("one.json", mention(9_000) + "\n")
        let pretty = try write("pretty.json", "{\n  \"data\": []\n}\n")
        let missing = folder.appendingPathComponent("missing.jsonl").path
        let unknown = try write("unknown.jsonl", "{\"service_request_id\": 1}\n{\"service_request_id\": 2}\n")
        let short = try write("short.jsonl", mention(9_001) + "\n" + mention(9_002))
        for readAhead in [1, 2, 5] {
            let all = try pieces([long, missing, document, unknown, pretty, short], readAhead: readAhead)
            let files = all.map(\.0)
            XCTAssertEqual(files.filter { $0 != long }, [missing, document, unknown, pretty, short], "readAhead \(readAhead)")
            XCTAssertEqual(files.prefix(while: { $0 == long }).count, files.filter { $0 == long }.count, "long's pieces together, first")
            XCTAssertEqual(all.filter { $0.0 == long }.flatMap { $0.1!.prepared }.map(\.sourceID), (0..<2_000).map { "\(7_000_000 + $0)" })
            XCTAssertNil(all.first { $0.0 == missing }!.1)
            XCTAssertNil(all.first { $0.0 == unknown }!.1)
            XCTAssertEqual(all.first { $0.0 == document }!.1?.batch.recognisedAs, "keyword-listening stream", "one line: a document")
            XCTAssertEqual(all.first { $0.0 == short }!.1?.prepared.map(\.sourceID), ["7009001", "7009002"])
        }
    }

    /// A first line longer than the first read is found across the reads that follow; one longer
    /// than ``JSONLinesFile/longestFirstLine`` makes the file a document, read whole.
    func testALongFirstLineIsFoundAcrossReadsUpToTheLongestAllowed() throws {
        let reader = try TwitterFixtures.reader()
        let format = LinesFormat(source: .listening, context: IngestContext(config: reader.config, hasher: reader.hasher, file: "x", observedAt: Date()))
        func opens(_ firstLineBytes: Int) throws -> Bool {
            let padding = String(repeating: "a", count: firstLineBytes - 8)
            let path = try write("long-\(firstLineBytes).jsonl", "{\"p\":\"\(padding)\"}\n{\"p\":1}\n")
            var firstLine: JSONValue?
            let opened = try JSONLinesFile.open(path) { first in
                firstLine = first
                return format
            }
            if opened != nil { XCTAssertEqual(firstLine?["p"]?.stringValue?.count, padding.count) }
            return opened != nil
        }
        XCTAssertTrue(try opens(300 * 1024), "a 300 KB first line, past the first read")
        XCTAssertTrue(try opens(JSONLinesFile.longestFirstLine - 1))
        XCTAssertFalse(try opens(JSONLinesFile.longestFirstLine + 2 * JSONLinesFile.headBytes), "longer than the longest first line: read whole")
    }

    /// Which files are JSON Lines is told from their first line that is not blank.
    func testTheFirstLineTellsJSONLinesFromADocument() {
        func first(_ text: String, endOfFile: Bool = true) -> JSONLinesHead.Finding {
            JSONLinesHead.firstLine(in: Array(text.utf8), endOfFile: endOfFile)
        }
        XCTAssertEqual(first("{\"a\":1}\n{\"a\":2}\n"), .found(0..<7))
        XCTAssertEqual(first("\n  \r\n{\"a\":1}\r\n\n{\"a\":2}"), .found(5..<13), "blank lines before; the CR stays with the line")
        XCTAssertEqual(first("{\"a\":1}\n  \n"), .none, "one line and blanks: a document")
        XCTAssertEqual(first("{\"a\":1}"), .none)
        XCTAssertEqual(first(" \n\t"), .none)
        XCTAssertEqual(first("{\"a\":1}\n  ", endOfFile: false), .unknown, "more may follow")
        XCTAssertEqual(first("{\"a\":", endOfFile: false), .unknown)
    }
}
