import CivicPulseCore
import CivicPulseSimulator
import XCTest

/// `samples/harbourside` must be exactly what its README's command writes from the demo
/// pipeline: demo data that can be made again, and that says what the simulator does today.
final class DemoDataTests: XCTestCase {
    private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testCommittedDemoWeekIsWhatTheDocumentedCommandWrites() throws {
        let committed = repository.appendingPathComponent("samples/harbourside")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: committed.path), "no samples/harbourside in this checkout")
        let config = try PipelineConfig.load(path: repository.appendingPathComponent("pipelines/example-council.yaml").path)
        let simulation = try Simulations.shared.run(label: "demo") { folder in
            SimulationOptions(org: "harbourside", start: CivilDate(year: 2026, month: 11, day: 16), days: 7, seed: 1, scale: 0.2, output: folder)
        } simulate: { options in try Simulator(config: config, options: options).run() }
        let demo = Simulation(folder: committed, summary: simulation.summary)
        let regenerate = "regenerate it: civicpulse simulate --org harbourside --days 7 --seed 1 --start 2026-11-16 --scale 0.2 --out samples/harbourside --replace"
        XCTAssertEqual(demo.files().filter { $0 != "README.md" }, simulation.files(), regenerate)
        for path in simulation.files() {
            XCTAssertEqual(demo.data(path), simulation.data(path), "\(path) differs; \(regenerate)")
        }
        var size = 0
        for path in demo.files() { size += demo.data(path).count }
        XCTAssertLessThanOrEqual(size, 2_000_000, "the demo set stays small")
    }
}
