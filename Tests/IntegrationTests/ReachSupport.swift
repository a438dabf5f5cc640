import CivicPulseCore
import CivicPulseProcessor
import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// A council with a Facebook Page for libraries, a Page and a Twitter account for leisure and a
/// YouTube channel for libraries, and builders for the events reach is made from.
enum ReachFixtures {
    static let yaml = """
        org: harbourside
        name: Harbourside Borough Council
        time_zone: Europe/London
        services:
          libraries: { name: Libraries }
          leisure: { name: Leisure centres }
          waste: { name: Waste and recycling }
        accounts:
          libraries_facebook: { platform: facebook, id: "5550001", service: libraries }
          leisure_facebook: { platform: facebook, id: "5550002", service: leisure }
          leisure_twitter: { platform: twitter, handle: HarbourLeisure, id: "900000000000000003", service: leisure }
          libraries_youtube: { platform: youtube, id: UCHarbourLibraries, service: libraries }
        sla:
          targets:
            - { target: 2 working days }
        """

    static func config() throws -> PipelineConfig {
        try PipelineConfig.parse(yaml: yaml, file: "reach-test.yaml")
    }

    static let accounts: [String: (channel: String, service: String, id: String)] = [
        "libraries_facebook": ("facebook", "libraries", "5550001"),
        "leisure_facebook": ("facebook", "leisure", "5550002"),
        "leisure_twitter": ("twitter", "leisure", "900000000000000003"),
        "libraries_youtube": ("youtube", "libraries", "UCHarbourLibraries"),
    ]

    /// A Graph Insights value: the window ending at `endTime` (Graph's days end 08:00 UTC).
    static func insight(_ account: String, _ metric: String, period: String?, value: Double, endTime: String, object: String? = nil) -> EngagementEvent {
        let target = accounts[account]!
        var details: [String: JSONValue] = ["metric": .string(metric), "value": .number(value), "object_id": .string(object ?? target.id)]
        if let period { details["period"] = .string(period) }
        return EngagementEvent(
            platform: target.channel, sourceType: "page_insight:\(metric)",
            sourceID: "\(object ?? target.id):\(metric)/\(period ?? "none")@\(endTime)", org: "harbourside",
            channel: target.channel, account: account, service: target.service, kind: .metricSnapshot,
            actorIsOrg: false, occurredAt: utc(endTime), details: details
        )
    }

    /// A running total read at `observedAt` (YouTube statistics, Page counts).
    static func counter(_ account: String, _ metric: String, value: Double, observedAt: String, object: String? = nil, objectType: String = "channel") -> EngagementEvent {
        let target = accounts[account]!
        return EngagementEvent(
            platform: target.channel, sourceType: "\(objectType)_statistics", sourceID: "\(object ?? target.id):\(metric)=\(Int(value))",
            org: "harbourside", channel: target.channel, account: account, service: target.service, kind: .metricSnapshot,
            actorIsOrg: false, occurredAt: utc(observedAt),
            details: ["metric": .string(metric), "period": .string("lifetime"), "value": .number(value),
                      "object_id": .string(object ?? target.id), "object_type": .string(objectType)]
        )
    }

    /// A resident's (or, with `resident` nil and `fromOrg`, the council's) interaction.
    static func engagement(_ kind: EventKind, _ account: String, resident: String?, at time: String, id: String,
                           fromOrg: Bool = false, impressions: Int? = nil) -> EngagementEvent {
        let target = accounts[account]!
        var details: [String: JSONValue] = [:]
        if let impressions { details["public_metrics"] = .object(["impression_count": .number(Double(impressions))]) }
        return EngagementEvent(
            platform: target.channel, sourceType: "test", sourceID: id, org: "harbourside", channel: target.channel,
            account: account, service: target.service, kind: kind, conversationID: id,
            actorHash: resident.map { Fixtures.hasher.hash(platform: target.channel, userID: $0) } ?? (fromOrg ? Fixtures.hasher.hash(platform: target.channel, userID: "council") : nil),
            actorIsOrg: fromOrg, occurredAt: utc(time), text: "text of \(id)", details: details
        )
    }

    /// Appends through the log, each resident under a pseudonym fixed by their keyed hash: the
    /// engaged-residents sketch keeps registers only (docs/reach.md), and three residents under
    /// random pseudonyms share one of its 2,048 registers in about one database of 700, which would
    /// make the exact counts these tests assert fail at random.
    static func append(_ events: [EngagementEvent], on connection: Connection) throws {
        let lookups = Set(events.flatMap { [$0.actorHash, $0.addresseeHash].compactMap { $0 } }).map(\.lowercaseHex)
        try connection.transaction {
            try connection.query("""
                INSERT INTO privacy.residents (lookup, pseudonym)
                SELECT decode(l, 'hex'), sha256(convert_to('reach fixture ' || l, 'UTF8')) FROM unnest(\(lookups)::text[]) AS g(l)
                ON CONFLICT (lookup) DO NOTHING
                """)
            _ = try EventLog.append(events, sourceFile: "reach-test", judge: Fixtures.isUrgent, on: connection)
        }
    }
}

extension Connection {
    /// Every row of a query as one line of text each, sorted: for comparing tables.
    func dump(_ sql: String) throws -> [String] {
        try query(Query(unsafeSQL: "SELECT t::text FROM (\(sql)) t ORDER BY 1")).map { try $0.decode(String.self, 0) }
    }
}
