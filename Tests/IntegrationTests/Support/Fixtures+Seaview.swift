import Foundation
import XCTest

extension Fixtures {
    /// The example pipeline as a second council's, Seaview District Council, with `changes` made
    /// to it (each text that must be there, and what replaces it), written to `folder/seaview.yaml`.
    ///
    /// - Returns: the file's path.
    static func seaviewPipeline(in folder: URL, changing changes: [(String, String)] = []) throws -> String {
        var pipeline = try String(contentsOf: root.appendingPathComponent("pipelines/example-council.yaml"), encoding: .utf8)
        for (old, new) in [("\norg: harbourside ", "\norg: seaview "), ("\nname: Harbourside Borough Council", "\nname: Seaview District Council")] + changes {
            XCTAssertTrue(pipeline.contains(old), "the example pipeline has \(old)")
            pipeline = pipeline.replacingOccurrences(of: old, with: new)
        }
        let path = folder.appendingPathComponent("seaview.yaml").path
        try pipeline.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
