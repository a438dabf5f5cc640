import Foundation
import XCTest

/// `ingest DIR` and `inspect DIR` read every payload file below a folder, in one order, as
/// `simulate` and fetch's archive write them: a shell's `find | sort` was needed before.
final class IngestFolderTests: FolderTestCase {
    /// Writes a listening export of one mention with `id` at `relative` below the folder.
    private func mention(_ relative: String, id: Int) throws {
        let file = folder.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let line = #"{"platform":"twitter","id":"\#(id)","author":"41","text":"Bins on Mill Lane","time":"2026-11-21T09:\#(String(format: "%02d", id % 60)):00Z"}"#
        try Data((line + "\n").utf8).write(to: file)
    }

    func testAFolderIsReadFileByFileInPathOrderWithWhatWasPassedOver() throws {
        try mention("b/2.jsonl", id: 9_000_002)
        try mention("a/z/1.jsonl", id: 9_000_001)
        try mention("a/3.jsonl", id: 9_000_003)
        try mention("c.JSONL", id: 9_000_004)
        try mention(".hidden/4.jsonl", id: 9_000_005)
        try Data("notes".utf8).write(to: folder.appendingPathComponent("README.md"))
        try Data("{}".utf8).write(to: folder.appendingPathComponent(".DS_Store"))
        let empty = folder.appendingPathComponent("empty").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let root = folder.path + "/"

        let ingested = try run(["ingest", "-q", folder.path, empty])
        XCTAssertEqual(ingested.status, 0, ingested.err)
        let lines = ingested.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "\(folder.path): 1 file passed over (only .csv, .json, .jsonl, .ndjson files in a folder are read)")
        XCTAssertEqual(lines.dropFirst().first, "\(empty): no files in the folder")
        XCTAssertEqual(lines.dropFirst(2).map { String($0.prefix { $0 != ":" }) },
                       ["\(root)a/3.jsonl", "\(root)a/z/1.jsonl", "\(root)b/2.jsonl", "\(root)c.JSONL", "total"], ingested.out)
        XCTAssertEqual(lines.last, "total: 4 files, 4 records read → 4 events appended, 0 already in the log, 0 records quarantined, 0 platform errors")

        let again = try run(["ingest", "-q", root])
        XCTAssertEqual(again.out.split(separator: "\n").last, "total: 4 files, 4 records read → 0 events appended, 4 already in the log, 0 records quarantined, 0 platform errors",
                       "the same files by the same names: nothing new, and the trailing slash changes no name")

        let inspected = try run(["inspect", folder.path])
        XCTAssertEqual(inspected.status, 0, inspected.err)
        XCTAssertEqual(inspected.out.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != ":" }) },
                       ["\(root)a/3.jsonl", "\(root)a/z/1.jsonl", "\(root)b/2.jsonl", "\(root)c.JSONL"])
    }
}
