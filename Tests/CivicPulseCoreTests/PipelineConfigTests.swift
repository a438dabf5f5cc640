import CivicPulseCore
import Foundation
import XCTest

final class PipelineConfigTests: XCTestCase {
    private let minimal = """
        org: testshire
        services:
          waste: { name: Waste }
        accounts:
          central:
            platform: twitter
            handle: "@TestshireCC"
            service: waste
        sla:
          targets:
            - { target: 2 working days }
        """

    func testTheExampleCouncilLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try PipelineConfig.load(path: root.appendingPathComponent("pipelines/example-council.yaml").path)
        XCTAssertEqual(config.org, "harbourside")
        XCTAssertEqual(config.account(platform: "twitter", userID: nil, handle: "harboursidecc")?.id, "harbourside_twitter")
        XCTAssertTrue(config.services.contains { $0.id == PipelineConfig.unassigned })
    }

    /// `sla.resolution_quiet_period` reaches the config (docs/calendars-and-sla.md, "Resolution"):
    /// 48 hours unless the pipeline says otherwise.
    func testTheResolutionQuietPeriodIsReadFromTheSLASection() throws {
        XCTAssertEqual(try PipelineConfig.parse(yaml: minimal, file: "t.yaml").resolutionQuietPeriod, 48 * 3600)
        let set = minimal.replacingOccurrences(of: "sla:\n", with: "sla:\n  resolution_quiet_period: 72 hours\n")
        XCTAssertNotEqual(set, minimal)
        XCTAssertEqual(try PipelineConfig.parse(yaml: set, file: "t.yaml").resolutionQuietPeriod, 72 * 3600)
    }

    func testHandlesMatchWithoutTheAtSignAndIgnoringCase() throws {
        let config = try PipelineConfig.parse(yaml: minimal, file: "t.yaml")
        XCTAssertEqual(config.account(platform: "twitter", userID: "1", handle: "testshirecc")?.id, "central")
        XCTAssertNil(config.account(platform: "facebook", userID: nil, handle: "TestshireCC"))
    }

    func testErrorsNameTheFileTheLineAndTheKey() {
        let cases: [(String, String)] = [
            (minimal.replacingOccurrences(of: "service: waste", with: "service: wastes"), "t.yaml:8: accounts.central.service: unknown service 'wastes'"),
            (minimal.replacingOccurrences(of: "handle:", with: "handel:"), "t.yaml:7: accounts.central.handel: unknown key 'handel'"),
            (minimal + "\ntime_zone: Europe/Londn", "t.yaml:12: time_zone: unknown time zone 'Europe/Londn'"),
            (minimal.replacingOccurrences(of: "2 working days", with: "2 wrking days"), "t.yaml:11: sla.targets[0].target:"),
            (minimal.replacingOccurrences(of: "org: testshire", with: "org: Test Shire"), "t.yaml:1: org: use lower-case letters"),
            ("org: [unclosed", "t.yaml:2: not valid YAML"), // libyaml points at where it gave up: the end
        ]
        for (yaml, expected) in cases {
            XCTAssertThrowsError(try PipelineConfig.parse(yaml: yaml, file: "t.yaml"), expected) { error in
                XCTAssertTrue("\(error)".hasPrefix(expected), "got: \(error)\nwanted: \(expected)")
            }
        }
    }
}
