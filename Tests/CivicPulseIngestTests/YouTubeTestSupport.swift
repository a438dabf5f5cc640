import CivicPulseCore
import Foundation
@testable import CivicPulseIngest

/// Harbourside's YouTube channels and residents, and reading the YouTube fixtures with them.
enum YouTubeFixtures {
    static let councilChannel = "UCHarbourside-Council-01"
    static let librariesChannel = "UCHarbour-Libraries-0002"
    static let ann = "UCresidentAnn00000000001"
    static let bob = "UCresidentBob00000000002"
    static let cat = "UCresidentCat00000000003"
    static let hasher = ActorHasher(secret: Data(repeating: 7, count: 32))
    /// When the fixtures were "fetched": 2026-03-05T10:00:00Z.
    static let observedAt = Date(timeIntervalSince1970: 1_772_704_800)

    static let yaml = """
        org: harbourside
        services:
          customer_services: { name: Customer services }
          waste: { name: Waste and recycling }
          libraries: { name: Libraries }
        accounts:
          harbourside_youtube: { platform: youtube, id: UCHarbourside-Council-01, service: customer_services, central: true }
          libraries_youtube: { platform: youtube, id: UCHarbour-Libraries-0002, service: libraries }
        routing:
          - service: waste
            keywords: [bin, bins]
        sla:
          targets:
            - { target: 2 working days }
        """

    static func reader() throws -> PayloadReader {
        PayloadReader(config: try PipelineConfig.parse(yaml: yaml, file: "youtube-test.yaml"), hasher: hasher)
    }

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("youtube/\(name)"))
    }

    static func read(_ name: String, observedAt: Date = observedAt, as source: IngestSource? = nil) throws -> NormalisedBatch {
        try reader().accountedRead(data: data(name), file: name, observedAt: observedAt, as: source)
    }

    static func read(json: String, as source: IngestSource? = nil) throws -> NormalisedBatch {
        try reader().accountedRead(data: Data(json.utf8), file: "inline.json", observedAt: observedAt, as: source)
    }

    static func hash(_ channelID: String) -> Data {
        hasher.hash(platform: "youtube", userID: channelID)
    }

    static func date(_ iso: String) -> Date {
        PlatformTimestamp.parse(iso)!
    }

    static func event(_ batch: NormalisedBatch, _ sourceID: String) -> EngagementEvent? {
        batch.events.first { $0.sourceID == sourceID }
    }
}
