import CivicPulseCore
import Foundation
import XCTest
@testable import CivicPulseIngest

/// Harbourside's Facebook Pages, a reader, and the fixtures' people, as every Facebook test uses them.
enum FacebookFixtures {
    static let harboursidePage = "110000000000001"
    static let librariesPage = "110000000000002"
    static let alex = "5100000000000001"
    static let bea = "5100000000000002"
    static let cal = "5100000000000003"
    static let messengerResident = "6200000000000001"
    /// When the fixtures were "fetched": dates metrics that carry no time of their own.
    static let observedAt = Date(timeIntervalSince1970: 1_772_600_000)

    /// The central Page routes by keyword; the libraries Page is matched by its name as a handle.
    static let yaml = """
        org: harbourside
        services:
          customer_services: { name: Customer services }
          waste: { name: Waste and recycling }
          libraries: { name: Libraries }
          highways: { name: Roads and highways }
        accounts:
          harbourside_facebook:
            platform: facebook
            handle: HarboursideCouncil
            id: "110000000000001"
            service: customer_services
            central: true
          libraries_facebook:
            platform: facebook
            handle: Harbourside Libraries
            id: "110000000000002"
            service: libraries
        routing:
          - service: waste
            keywords: [bin, bins, recycling, fly-tipping]
          - service: libraries
            keywords: [library, libraries, storytime]
          - service: highways
            keywords: [pothole, streetlights, road]
        sla:
          targets:
            - { target: 2 working days }
        """

    static let hasher = ActorHasher(secret: Data(repeating: 7, count: 32))

    static func reader() throws -> PayloadReader {
        PayloadReader(config: try PipelineConfig.parse(yaml: yaml, file: "harbourside-facebook.yaml"), hasher: hasher)
    }

    static func data(_ name: String) throws -> Data {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("facebook/\(name)")
        return try Data(contentsOf: url)
    }

    /// Reads a fixture; the source is detected unless named.
    static func read(_ name: String, as source: IngestSource? = nil, observedAt: Date = observedAt) throws -> NormalisedBatch {
        try reader().accountedRead(data: try data(name), file: name, observedAt: observedAt, as: source)
    }

    static func read(json: String, as source: IngestSource? = nil, observedAt: Date = observedAt) throws -> NormalisedBatch {
        try reader().accountedRead(data: Data(json.utf8), file: "inline.json", observedAt: observedAt, as: source)
    }

    static func hash(_ userID: String) -> Data {
        hasher.hash(platform: "facebook", userID: userID)
    }

    static func date(_ text: String) -> Date {
        PlatformTimestamp.parse(text)!
    }

    static func event(_ batch: NormalisedBatch, _ sourceID: String, file: StaticString = #filePath, line: UInt = #line) throws -> EngagementEvent {
        try XCTUnwrap(batch.events.first { $0.sourceID == sourceID }, "no event \(sourceID)", file: file, line: line)
    }

    static func kinds(_ batch: NormalisedBatch) -> [EventKind: Int] {
        Dictionary(grouping: batch.events, by: \.kind).mapValues(\.count)
    }

    /// Response matching over a batch's events, as the processor would run it.
    static func responseItems(_ events: [EngagementEvent]) -> [ResponseItem] {
        ResponseMatcher.items(for: events.filter { ConversationMessage.isConversational($0.kind) }.map { event in
            ConversationMessage(
                eventID: event.eventID,
                conversationKey: ConversationMessage.key(platform: event.platform, conversationID: event.conversationID, sourceID: event.sourceID),
                org: event.org, platform: event.platform, channel: event.channel, account: event.account, service: event.service,
                kind: event.kind, actorHash: event.actorHash, actorIsOrg: event.actorIsOrg, addresseeHash: event.addresseeHash,
                occurredAt: event.occurredAt, sourceID: event.sourceID
            )
        })
    }
}
