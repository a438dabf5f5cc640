@testable import CivicPulseFetch
import XCTest

final class ResponseArchiveTests: XCTestCase {
    func testBodiesAreKeptVerbatimByPlatformAccountAndDayForTheirOwnerOnly() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let archive = ResponseArchive(root: root)
        let time = Date(timeIntervalSince1970: 1_795_000_000) // 2026-11-18T11:06:40Z
        let body = Data("{\"data\":[] , \"meta\":{}}".utf8)
        let path = try archive.store(body, platform: "twitter", account: "main_twitter", endpoint: "mentions", page: 2, at: time)
        XCTAssertEqual(path, root.appendingPathComponent("twitter/main_twitter/2026-11-18/2026-11-18T11-06-40Z-mentions-2.json").path)
        XCTAssertEqual(FileManager.default.contents(atPath: path), body)
        let again = try archive.store(body, platform: "twitter", account: "main_twitter", endpoint: "mentions", page: 2, at: time)
        XCTAssertEqual(again, path.replacingOccurrences(of: "-2.json", with: "-2-1.json"), "a second copy in the same second is kept too")
        XCTAssertEqual(try permissions(path), 0o600)
        for folder in ["twitter", "twitter/main_twitter", "twitter/main_twitter/2026-11-18"] {
            XCTAssertEqual(try permissions(root.appendingPathComponent(folder).path), 0o700, folder)
        }
    }

    private func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue & 0o777
    }
}
