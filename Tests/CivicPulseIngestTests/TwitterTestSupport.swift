import CivicPulseCore
import Foundation
@testable import CivicPulseIngest

/// Harbourside's Twitter accounts and residents, and reading the Twitter fixtures with them.
enum TwitterFixtures {
    static let councilID = "900000000000000001"
    static let librariesID = "900000000000000002"
    static let annID = "1500000000000000011"
    static let bobID = "1500000000000000012"
    static let catID = "1500000000000000013"
    static let hasher = ActorHasher(secret: Data(repeating: 7, count: 32))
    static let observedAt = Date(timeIntervalSince1970: 1_772_700_000)

    static let yaml = """
        org: harbourside
        services:
          customer_services: { name: Customer services }
          waste: { name: Waste and recycling }
          libraries: { name: Libraries }
        accounts:
          harbourside_twitter: { platform: twitter, handle: HarboursideCC, id: "900000000000000001", service: customer_services, central: true }
          libraries_twitter: { platform: twitter, handle: HarbourLibraries, id: "900000000000000002", service: libraries }
        routing:
          - service: waste
            keywords: [bin, bins]
          - service: libraries
            keywords: [library]
        sla:
          targets:
            - { target: 2 working days }
        """

    static func reader() throws -> PayloadReader {
        PayloadReader(config: try PipelineConfig.parse(yaml: yaml, file: "twitter-test.yaml"), hasher: hasher)
    }

    static func read(_ name: String, as source: IngestSource? = nil) throws -> NormalisedBatch {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("twitter/\(name)")
        return try reader().accountedRead(data: Data(contentsOf: url), file: name, observedAt: observedAt, as: source)
    }

    static func read(json: String, as source: IngestSource? = nil) throws -> NormalisedBatch {
        try reader().accountedRead(data: Data(json.utf8), file: "inline.json", observedAt: observedAt, as: source)
    }

    static func hash(_ userID: String) -> Data {
        hasher.hash(platform: "twitter", userID: userID)
    }

    static func date(_ iso: String) -> Date {
        PlatformTimestamp.parse(iso)!
    }

    /// The batch's conversational events as response matching sees them.
    static func messages(_ batch: NormalisedBatch) -> [ConversationMessage] {
        batch.conversationMessages
    }

    static func event(_ batch: NormalisedBatch, _ sourceID: String) -> EngagementEvent? {
        batch.events.first { $0.sourceID == sourceID }
    }
}
