@testable import CivicPulseFetch
import XCTest

final class CredentialsTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("credentials-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    private func file(_ text: String, mode: Int) throws -> String {
        let path = folder.appendingPathComponent("credentials").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, mode_t(mode))
        return path
    }

    func testAFileReadableByOthersIsRefusedWithoutShowingTheToken() throws {
        for mode in [0o640, 0o604] {
            let path = try file("CIVICPULSE_X_BEARER_TOKEN=s3cret\n", mode: mode)
            XCTAssertThrowsError(try Credentials.load(environment: [:], file: path)) { error in
                XCTAssertEqual("\(error)", "\(path): credentials file is readable by others (mode \(String(mode, radix: 8))); chmod 600 \(path)")
            }
        }
    }

    func testTheOwnersFileIsReadAndTheEnvironmentComesFirst() throws {
        let path = try file("# X app\nCIVICPULSE_X_BEARER_TOKEN = \"from-file\"\n", mode: 0o600)
        XCTAssertEqual(try Credentials.load(environment: [:], file: path).xToken().value, "from-file")
        XCTAssertEqual(try Credentials.load(environment: ["CIVICPULSE_X_BEARER_TOKEN": "from-env"], file: path).xToken().value, "from-env")
    }

    func testAMissingTokenSaysWhereToPutOne() throws {
        XCTAssertThrowsError(try Credentials.load(environment: [:], file: nil).xToken()) { error in
            XCTAssertTrue("\(error)".hasPrefix("no X bearer token: set CIVICPULSE_X_BEARER_TOKEN"), "\(error)")
        }
    }

    func testABadLineIsNamedByNumberNotShown() throws {
        let path = try file("CIVICPULSE_X_BEARER_TOKEN=ok\ns3cret-without-a-name\n", mode: 0o600)
        XCTAssertThrowsError(try Credentials.load(environment: [:], file: path)) { error in
            XCTAssertEqual("\(error)", "\(path):2: expected NAME=value")
        }
    }

    func testTheYouTubeKeyIsReadLikeTheXTokenAndIsMissedInItsOwnWords() throws {
        let path = try file("CIVICPULSE_X_BEARER_TOKEN=x\nCIVICPULSE_YOUTUBE_API_KEY=from-file\n", mode: 0o600)
        XCTAssertEqual(try Credentials.load(environment: [:], file: path).youtubeKey().value, "from-file")
        XCTAssertEqual(try Credentials.load(environment: ["CIVICPULSE_YOUTUBE_API_KEY": "from-env"], file: path).youtubeKey().value, "from-env")
        let xOnly = try file("CIVICPULSE_X_BEARER_TOKEN=x\n", mode: 0o600)
        XCTAssertThrowsError(try Credentials.load(environment: [:], file: xOnly).youtubeKey()) { error in
            XCTAssertEqual("\(error)", "no YouTube API key: set CIVICPULSE_YOUTUBE_API_KEY in the environment or in \(xOnly)")
        }
    }
}
