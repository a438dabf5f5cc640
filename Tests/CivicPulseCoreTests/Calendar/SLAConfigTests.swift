import XCTest
@testable import CivicPulseCore

final class SLAConfigTests: XCTestCase {
    private func policies(_ yaml: String, services: Set<String>? = nil) throws -> Versioned<SLAPolicy> {
        let root = try ConfigNode.parse(yaml: yaml, file: "council.yaml")
        return try SLAPolicy.parse(try root.required("sla"), knownServices: services)
    }

    private func failure(_ yaml: String, services: Set<String>? = nil) -> ConfigError? {
        do {
            _ = try policies(yaml, services: services)
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    func testParsesTargetsKeywordsAndVersions() throws {
        let versioned = try policies("""
        sla:
          emergency_keywords: [flood, road closed, "#sinkhole"]
          targets:
            - { target: 2 working days }
            - { service: customer_services, channel: twitter, target: 1 working hour }
            - { priority: urgent, target: 1 hour }
          versions:
            - effective: 2026-04-01
              targets:
                - { target: 1 working day }
        """, services: ["customer_services"])
        let v1 = versioned.versions[0].value
        XCTAssertEqual(v1.rules.map(\.description), [
            "default: 2 working days",
            "service customer_services, channel twitter: 1 working hour",
            "priority urgent: 1 hour",
        ])
        XCTAssertEqual(v1.priority(of: "Road closed by the school"), .urgent)
        XCTAssertEqual(v1.priority(of: "gas leak"), .routine, "the configured list replaces the defaults")
        let v2 = versioned.versions[1]
        XCTAssertEqual(v2.label, "SLA policy v2 (from 2026-04-01)")
        XCTAssertEqual(v2.value.rules.map(\.description), ["default: 1 working day"])
        XCTAssertEqual(v2.value.emergencyKeywords.terms, ["flood", "road closed", "#sinkhole"], "carried over")
        let london = CalendarFixtures.london
        XCTAssertEqual(versioned.version(at: CalendarFixtures.local(2026, 3, 31, 23, 59), in: london).number, 1)
        XCTAssertEqual(versioned.version(at: CalendarFixtures.utc(2026, 3, 31, 23, 0), in: london).number, 2, "midnight BST")
    }

    func testDefaultKeywordsWhenNoneAreGiven() throws {
        let versioned = try policies("sla:\n  targets:\n    - { target: 2 working days }\n")
        XCTAssertEqual(versioned.latest.value.emergencyKeywords.terms, SLAPolicy.defaultEmergencyKeywords)
    }

    func testMisspeltTargetNamesFileLineAndPath() {
        let error = failure("""
        sla:
          targets:
            - { target: 2 working days }
            - { service: parks, target: 2 wrking days }
        """)
        XCTAssertEqual(error?.file, "council.yaml")
        XCTAssertEqual(error?.line, 4)
        XCTAssertEqual(error?.path, "sla.targets[1].target")
        XCTAssertEqual(error?.description,
                       "council.yaml:4: sla.targets[1].target: '2 wrking days' is not an SLA target; write a number, optionally 'working', "
                           + "then minutes, hours or days (e.g. '30 working minutes', '2 working days', '4 hours')")
    }

    func testOtherErrors() {
        let duplicate = failure("sla:\n  targets:\n    - { channel: twitter, target: 1 working hour }\n    - { channel: twitter, target: 2 working hours }\n")
        XCTAssertEqual(duplicate?.description, "council.yaml:4: sla.targets[1]: another target on line 3 already covers channel twitter")

        let unknownKey = failure("sla:\n  targets:\n    - { servce: parks, target: 1 working day }\n")
        XCTAssertEqual(unknownKey?.path, "sla.targets[0].servce")

        let service = failure("sla:\n  targets:\n    - { service: prks, target: 1 working day }\n", services: ["parks"])
        XCTAssertEqual(service?.description, "council.yaml:3: sla.targets[0].service: unknown service 'prks' (known: parks)")

        let priority = failure("sla:\n  targets:\n    - { priority: high, target: 1 hour }\n")
        XCTAssertEqual(priority?.path, "sla.targets[0].priority")

        let keyword = failure("sla:\n  emergency_keywords: [flood, \"!!\"]\n  targets: []\n")
        XCTAssertEqual(keyword?.path, "sla.emergency_keywords[1]")

        let emptyVersion = failure("sla:\n  targets: []\n  versions:\n    - { effective: 2026-04-01 }\n")
        XCTAssertEqual(emptyVersion?.path, "sla.versions[0]")
    }
}
