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

    /// `sla.out_of_hours_answer` reaches the config: `zero` unless the pipeline says `elapsed`;
    /// anything else is named with its file, line and key.
    func testTheOutOfHoursAnswerRuleIsReadFromTheSLASection() throws {
        XCTAssertEqual(try PipelineConfig.parse(yaml: minimal, file: "t.yaml").outOfHoursAnswer, .zero)
        let set = minimal.replacingOccurrences(of: "sla:\n", with: "sla:\n  out_of_hours_answer: elapsed\n")
        XCTAssertEqual(try PipelineConfig.parse(yaml: set, file: "t.yaml").outOfHoursAnswer, .elapsed)
        XCTAssertThrowsError(try PipelineConfig.parse(yaml: set.replacingOccurrences(of: "elapsed", with: "wall"), file: "t.yaml")) { error in
            XCTAssertEqual("\(error)", "t.yaml:10: sla.out_of_hours_answer: 'wall' is not one of: zero, elapsed")
        }
    }

    /// Only an answer that took no opening time changes under `elapsed`.
    func testTheElapsedRuleCountsOnlyAnswersThatTookNoOpeningTime() {
        XCTAssertEqual(OutOfHoursAnswer.zero.businessSeconds(business: 0, elapsed: 5400), 0)
        XCTAssertEqual(OutOfHoursAnswer.elapsed.businessSeconds(business: 0, elapsed: 5400), 5400)
        XCTAssertEqual(OutOfHoursAnswer.elapsed.businessSeconds(business: 1800, elapsed: 228_600), 1800)
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
