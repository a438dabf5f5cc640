import CivicPulseCore
import CivicPulseProcessor
import CivicPulseStore
import Foundation
import Postgres
import XCTest

/// Two independent implementations of "which org message answers which resident message":
/// the processor's (Swift) and analytics.first_responses (plain SQL). They must agree exactly.
final class ResponseParityTests: DatabaseTestCase {
    func testProcessorAndSQLViewAgreeOnALargeSimulatedDataSet() throws {
        let connection = try database.connect()
        let config = try Fixtures.config()
        var generator = SplitMix(seed: 2026)
        let events = Conversations.simulate(conversations: 4000, config: config, using: &generator)
        XCTAssertGreaterThan(events.count, 15_000)
        // Ingest in a shuffled order, several transactions, to show order does not matter.
        for chunk in events.shuffled(using: &generator).chunked(into: 5000) {
            try connection.transaction { _ = try EventLog.append(chunk, sourceFile: "simulated", judge: Fixtures.isUrgent, on: connection) }
        }
        try Processor(connection: connection, config: config, batchSize: 3000).catchUp()

        let projection = "SELECT item_id, response_event_id, message_count, round(response_seconds::numeric, 3) FROM projections.response_items"
        let view = "SELECT item_id, response_event_id, message_count::int, round(response_seconds::numeric, 3) FROM analytics.first_responses"
        let counts = try connection.query(Query(unsafeSQL: "SELECT (SELECT count(*) FROM (\(projection)) p), (SELECT count(*) FROM (\(view)) v)"))
        XCTAssertEqual(try counts[0].decode(Int.self, 0), try counts[0].decode(Int.self, 1))
        XCTAssertGreaterThan(try counts[0].decode(Int.self, 0), 4000)
        let onlyProjection = try connection.query(Query(unsafeSQL: "SELECT count(*) FROM ((\(projection)) EXCEPT (\(view))) d"))
        let onlyView = try connection.query(Query(unsafeSQL: "SELECT count(*) FROM ((\(view)) EXCEPT (\(projection))) d"))
        XCTAssertEqual(try onlyProjection[0].decode(Int.self, 0), 0)
        XCTAssertEqual(try onlyView[0].decode(Int.self, 0), 0)
        let answered = try connection.query("SELECT count(*) FILTER (WHERE response_event_id IS NOT NULL), count(*) FILTER (WHERE message_count > 1) FROM analytics.first_responses")
        XCTAssertGreaterThan(try answered[0].decode(Int.self, 0), 1000, "the data set has answered items")
        XCTAssertGreaterThan(try answered[0].decode(Int.self, 1), 100, "and multi-message items")
        let withdrawn = try connection.query("SELECT count(*) FROM projections.response_items WHERE withdrawn_messages > 0")
        XCTAssertGreaterThan(try withdrawn[0].decode(Int.self, 0), 50, "and items with withdrawn messages")
    }
}

/// Random conversations with the awkward cases: several residents in one thread, replies
/// addressed to someone else or to nobody, ties in time, follow-ups after an answer.
enum Conversations {
    static func simulate(conversations: Int, config: PipelineConfig, using generator: inout SplitMix) -> [EngagementEvent] {
        let start = utc("2026-11-16T00:00:00Z")
        var events: [EngagementEvent] = []
        for conversation in 0..<conversations {
            let residents = (0..<Int.random(in: 1...3, using: &generator)).map { "r\(conversation)-\($0)" }
            var clock = start.addingTimeInterval(Double(Int.random(in: 0..<600_000, using: &generator)))
            for message in 0..<Int.random(in: 1...8, using: &generator) {
                // Whole minutes, so equal times (ties) happen.
                clock = clock.addingTimeInterval(Double(Int.random(in: 0...30, using: &generator)) * 60)
                let fromOrg = Double.random(in: 0..<1, using: &generator) < 0.4
                let resident = residents.randomElement(using: &generator)!
                let addressee: String? = switch Int.random(in: 0..<10, using: &generator) {
                case 0..<6: resident
                case 6..<8: nil
                default: "someone-else"
                }
                // Now and then the resident takes a message back: deleted, or hidden and perhaps unhidden.
                if !fromOrg, Int.random(in: 0..<8, using: &generator) == 0 {
                    var when = clock
                    for kind in [EventKind.hide, .unhide, .delete].shuffled(using: &generator).prefix(Int.random(in: 1...3, using: &generator)) {
                        when = when.addingTimeInterval(Double(Int.random(in: 1...90, using: &generator)) * 60)
                        events.append(EngagementEvent(
                            platform: "twitter", sourceType: "tweet_\(kind.rawValue)", sourceID: "c\(conversation)-m\(message)",
                            org: config.org, channel: "twitter", account: "harbourside_twitter", service: "waste", kind: kind,
                            conversationID: "c\(conversation)", parentID: "c\(conversation)-m\(message)", actorIsOrg: false, occurredAt: when
                        ))
                    }
                }
                events.append(EngagementEvent(
                    platform: "twitter", sourceType: "tweet", sourceID: "c\(conversation)-m\(message)", org: config.org,
                    channel: "twitter", account: "harbourside_twitter", service: "waste",
                    kind: fromOrg ? .reply : (message == 0 || Bool.random(using: &generator) ? .inboundMessage : .comment),
                    conversationID: "c\(conversation)",
                    actorHash: Fixtures.hasher.hash(platform: "twitter", userID: fromOrg ? "council" : resident),
                    actorIsOrg: fromOrg,
                    addresseeHash: fromOrg ? addressee.map { Fixtures.hasher.hash(platform: "twitter", userID: $0) } : nil,
                    occurredAt: clock
                ))
            }
        }
        return events
    }
}

/// A small seeded generator (SplitMix64), so the data set is the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
