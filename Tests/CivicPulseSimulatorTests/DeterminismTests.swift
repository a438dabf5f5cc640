import CivicPulseSimulator
import XCTest

/// The same arguments must write the same bytes: demo data and benchmarks are reproducible.
final class DeterminismTests: XCTestCase {
    func testSameSeedWritesIdenticalFiles() throws {
        let first = try Simulations.week(seed: 1, label: "determinism-a")
        let second = try Simulations.week(seed: 1, label: "determinism-b")
        let paths = first.files()
        XCTAssertGreaterThan(paths.count, 20)
        XCTAssertEqual(paths, second.files())
        for path in paths {
            XCTAssertEqual(first.data(path), second.data(path), "\(path) differs between two runs with seed 1")
        }
    }

    func testDifferentSeedWritesDifferentFiles() throws {
        let one = try Simulations.week(seed: 1, label: "determinism-a")
        let two = try Simulations.week(seed: 2, label: "determinism-a")
        XCTAssertNotEqual(one.data("twitter/search-000001.json"), two.data("twitter/search-000001.json"))
        XCTAssertNotEqual(one.data("listening/mentions-000001.jsonl"), two.data("listening/mentions-000001.jsonl"))
        XCTAssertNotEqual(one.summary.recordCount, two.summary.recordCount)
    }

    func testSummaryFileIsWrittenAndReproducible() throws {
        let first = try Simulations.week(seed: 1, label: "determinism-a")
        let text = String(decoding: first.data("summary.txt"), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("Simulated harbourside: 7 days from 2026-11-16 (Europe/London), seed 1, scale 0.30"), text)
        XCTAssertTrue(text.contains("Crisis window (flood): 2026-11-21 00:00 to 2026-11-23 00:00 Europe/London"), text)
    }
}
