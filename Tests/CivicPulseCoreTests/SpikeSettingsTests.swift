import CivicPulseCore
import Foundation
import XCTest

final class SpikeSettingsTests: XCTestCase {
    private let pipeline = """
        org: testshire
        services:
          waste: { name: Waste }
        accounts:
          central: { platform: twitter, handle: TestshireCC, service: waste }
        topics:
          flooding: { include: [flood] }
          bins: { include: [bin] }
        sla:
          targets:
            - { target: 2 working days }
        """

    func testWithoutASectionSpikesAreMediumWithAMinimumOfFiveAndEveryTopicMakesItemsUrgent() throws {
        let settings = try PipelineConfig.parse(yaml: pipeline, file: "t.yaml").emergencies
        XCTAssertEqual(settings.sensitivity, .medium)
        XCTAssertEqual(settings.minimumHourly, 5)
        XCTAssertTrue(settings.makesUrgent(topic: "bins"))
    }

    func testTheSectionSetsSensitivityMinimumAndUrgentTopics() throws {
        let yaml = pipeline + "\nemergencies:\n  sensitivity: high\n  minimum_hourly: 12\n  urgent_topics: [flooding]\n"
        let settings = try PipelineConfig.parse(yaml: yaml, file: "t.yaml").emergencies
        XCTAssertEqual(settings.sensitivity, .high)
        XCTAssertEqual(settings.rules.startScore, 3)
        XCTAssertEqual(settings.minimumHourly, 12)
        XCTAssertTrue(settings.makesUrgent(topic: "flooding"))
        XCTAssertFalse(settings.makesUrgent(topic: "bins"))
    }

    func testMistakesNameTheLineAndKey() {
        let cases: [(String, String)] = [
            ("emergencies:\n  sensitivity: extreme\n", "t.yaml:13: emergencies.sensitivity: 'extreme' is not one of: low, medium, high"),
            ("emergencies:\n  minimum_hourly: 0\n", "t.yaml:13: emergencies.minimum_hourly: minimum_hourly must be between 1 and 100000"),
            ("emergencies:\n  urgent_topics: [floods]\n", "t.yaml:13: emergencies.urgent_topics: unknown topic 'floods' (topics: flooding, bins)"),
            ("emergencies:\n  sensitivty: low\n", "t.yaml:13: emergencies.sensitivty: unknown key 'sensitivty'"),
        ]
        for (section, expected) in cases {
            XCTAssertThrowsError(try PipelineConfig.parse(yaml: pipeline + "\n" + section, file: "t.yaml")) { error in
                XCTAssertTrue("\(error)".hasPrefix(expected), "got: \(error)\nwanted: \(expected)")
            }
        }
    }
}
