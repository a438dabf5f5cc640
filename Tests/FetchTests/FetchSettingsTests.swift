import CivicPulseCore
import XCTest

/// The pipeline's `fetch:` section.
final class FetchSettingsTests: XCTestCase {
    private func parse(_ fetch: String) throws -> PipelineConfig {
        try PipelineConfig.parse(yaml: """
            org: test
            services: { desk: { name: Desk } }
            accounts: { main_twitter: { platform: twitter, id: "1", service: desk } }
            sla: { targets: [{ target: 2 working days }] }
            \(fetch)
            """, file: "/etc/civicpulse/pipeline.yaml")
    }

    func testRelativePathsAreTakenFromThePipelinesFolder() throws {
        let settings = try parse("fetch: { credentials: credentials, archive: /var/lib/civicpulse/archive }").fetch
        XCTAssertEqual(settings, FetchSettings(credentials: "/etc/civicpulse/credentials", archive: "/var/lib/civicpulse/archive"))
        XCTAssertEqual(try parse("").fetch, FetchSettings())
    }

    func testAMistypedKeyIsAnErrorNamingTheLine() throws {
        XCTAssertThrowsError(try parse("fetch: { credential: x }")) { error in
            XCTAssertTrue("\(error)".hasPrefix("/etc/civicpulse/pipeline.yaml:5: fetch"), "\(error)")
        }
    }
}
