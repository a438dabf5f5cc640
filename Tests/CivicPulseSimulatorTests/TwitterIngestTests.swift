import CivicPulseCore
import CivicPulseIngest
import CivicPulseSimulator
import XCTest

/// Every Twitter page the simulator writes goes through the project's own reader: exactly the
/// injected malformed tweets are rejected, and the rest become the events the summary promises.
final class TwitterIngestTests: XCTestCase {
    private func readAll(_ simulation: Simulation) throws -> [NormalisedBatch] {
        try simulation.files(under: "twitter").map { path in
            try reader.read(data: simulation.data(path), file: path, observedAt: Date(), as: nil)
        }
    }

    func testEveryPageIsRecognisedAndOnlyTheInjectedTweetsAreRejected() throws {
        let simulation = try Simulations.week()
        let batches = try readAll(simulation)
        XCTAssertGreaterThan(batches.count, 2)
        for batch in batches {
            XCTAssertEqual(batch.recognisedAs, "Twitter API v2 response", batch.file)
            XCTAssertEqual(batch.platformErrors, [], batch.file)
        }
        let rejections = batches.flatMap(\.rejections)
        XCTAssertGreaterThan(simulation.malformed("twitter"), 0, "the week should include malformed tweets")
        XCTAssertEqual(rejections.count, simulation.malformed("twitter"))
        XCTAssertEqual(Set(rejections.map(\.field)), ["created_at"])
    }

    func testEventsByKindMatchTheSummary() throws {
        let simulation = try Simulations.week()
        let events = try readAll(simulation).flatMap(\.events)
        var distinct: [UUID: EngagementEvent] = [:]
        for event in events { distinct[event.eventID] = event }
        let byKind = Dictionary(grouping: distinct.values, by: { $0.kind.rawValue }).mapValues(\.count)
        XCTAssertEqual(byKind, simulation.recorded("twitter", "tweet"))
        XCTAssertEqual(Set(byKind.keys), ["inbound_message", "reply", "post", "share"])
        XCTAssertEqual(events.count - distinct.count, simulation.duplicates("twitter"), "duplicates are the tweets repeated across pages")
        XCTAssertGreaterThan(simulation.duplicates("twitter"), 0)
    }

    func testRepliesAnswerTheResidentInTheirConversation() throws {
        let simulation = try Simulations.week()
        var events: [String: EngagementEvent] = [:]
        for event in try readAll(simulation).flatMap(\.events) { events[event.sourceID] = event }
        let replies = events.values.filter { $0.kind == .reply }
        XCTAssertGreaterThan(replies.count, 100)
        var answeredInPayload = 0
        for reply in replies {
            XCTAssertTrue(reply.actorIsOrg)
            XCTAssertNotNil(reply.addresseeHash)
            guard let question = reply.parentID.flatMap({ events[$0] }) else { continue } // a malformed parent was rejected
            answeredInPayload += 1
            XCTAssertEqual(reply.addresseeHash, question.actorHash, "a reply is addressed to the resident it answers")
            XCTAssertEqual(reply.conversationID, question.conversationID)
            XCTAssertGreaterThan(reply.occurredAt, question.occurredAt)
        }
        XCTAssertGreaterThan(answeredInPayload, replies.count * 9 / 10)
    }

    func testCentralAccountQuestionsAreRoutedByKeyword() throws {
        let simulation = try Simulations.week()
        let inbound = try readAll(simulation).flatMap(\.events).filter { $0.kind == .inboundMessage && $0.account == "harbourside_twitter" }
        let services = Dictionary(grouping: inbound, by: \.service).mapValues(\.count)
        for service in ["waste", "libraries", "leisure", "highways", "schools", "unassigned"] {
            XCTAssertGreaterThan(services[service] ?? 0, 5, "central-account questions routed to \(service): \(services)")
        }
        let binQuestions = inbound.filter { $0.text?.contains("My bin wasn't emptied") == true }
        XCTAssertFalse(binQuestions.isEmpty)
        XCTAssertTrue(binQuestions.allSatisfy { $0.service == "waste" })
        let serviceAccount = try readAll(simulation).flatMap(\.events).filter { $0.kind == .inboundMessage && $0.account == "libraries_twitter" }
        XCTAssertTrue(serviceAccount.allSatisfy { $0.service == "libraries" })
    }
}
