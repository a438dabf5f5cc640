import Foundation
import XCTest

extension Fixtures {
    /// A copy of the example pipeline whose `webchat` mapping keeps each chat's link (`url: link`),
    /// in a temporary file the caller removes.
    static func pipelineWithChatLinks() throws -> URL {
        let example = try String(contentsOf: root.appendingPathComponent("pipelines/example-council.yaml"), encoding: .utf8)
        let mapping = "      conversation: session_id\n"
        XCTAssertTrue(example.contains(mapping), "the example pipeline's webchat mapping")
        let pipeline = FileManager.default.temporaryDirectory.appendingPathComponent("links-\(UUID().uuidString).yaml")
        try example.replacingOccurrences(of: mapping, with: mapping + "      url: link\n").write(to: pipeline, atomically: true, encoding: .utf8)
        return pipeline
    }
}
