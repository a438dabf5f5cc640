import CivicPulseCore
import CivicPulseIngest
import CivicPulseSimulator
import XCTest

/// The rhythms a person looking at the dashboards would expect to see.
final class RealismTests: XCTestCase {
    private let london = TimeZone(identifier: "Europe/London")!

    private func localHour(_ date: Date) -> (day: Int, hour: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = london
        let parts = calendar.dateComponents([.day, .hour], from: date)
        return (parts.day!, parts.hour!)
    }

    private func twitterEvents(_ simulation: Simulation) throws -> [EngagementEvent] {
        var distinct: [String: EngagementEvent] = [:]
        for path in simulation.files(under: "twitter") {
            for event in try reader.read(data: simulation.data(path), file: path, observedAt: Date(), as: nil).events {
                distinct[event.sourceID] = event
            }
        }
        return distinct.values.sorted { ($0.occurredAt, $0.sourceID) < ($1.occurredAt, $1.sourceID) }
    }

    func testCrisisWeekendHasSeveralTimesTheNormalHourlyVolume() throws {
        let simulation = try Simulations.week()
        let crisis = try XCTUnwrap(simulation.summary.crisis)
        XCTAssertEqual(crisis.saturday, CivilDate(year: 2026, month: 11, day: 21))
        let times = try ResidentMessages.times(in: simulation)
        let inCrisis = times.filter { $0 >= crisis.start && $0 < crisis.end }.count
        let crisisHourly = Double(inCrisis) / 48
        let normalHourly = Double(times.count - inCrisis) / (7 * 24 - 48)
        XCTAssertGreaterThan(crisisHourly, 3 * normalHourly, "crisis \(crisisHourly)/h against \(normalHourly)/h")
        XCTAssertGreaterThan(simulation.summary.crisisHourlyQuestions, 3 * simulation.summary.normalHourlyQuestions)
    }

    func testFloodMessagesAndChatterSurgeInTheCrisisOnly() throws {
        let simulation = try Simulations.week()
        let crisis = try XCTUnwrap(simulation.summary.crisis)
        let flooded = try twitterEvents(simulation).filter { $0.kind == .inboundMessage && ($0.text ?? "").lowercased().contains("flood") }
        XCTAssertGreaterThan(flooded.count, 50)
        XCTAssertTrue(flooded.allSatisfy { $0.occurredAt >= crisis.start && $0.occurredAt < crisis.end })
        var chatter = (inside: 0, outside: 0)
        for path in simulation.files(under: "listening") {
            for line in simulation.lines(path) {
                guard let time = (try? JSONValue.parse(Data(line.utf8)))?["time"].flatMap(PlatformTimestamp.parse) else { continue }
                if time >= crisis.start && time < crisis.end { chatter.inside += 1 } else { chatter.outside += 1 }
            }
        }
        XCTAssertGreaterThan(Double(chatter.inside) / 48, 3 * Double(chatter.outside) / 120, "listening per hour: \(chatter)")
    }

    func testRepliesFallMostlyInTheirTeamsOfficeHours() throws {
        let simulation = try Simulations.week()
        let crisis = try XCTUnwrap(simulation.summary.crisis)
        let replies = try twitterEvents(simulation).filter { $0.kind == .reply }
        var inHours = 0, outOfHours = 0, crisisOutOfHours = 0
        for reply in replies {
            let account = try XCTUnwrap(harbourside.accounts.first { $0.id == reply.account })
            let calendar = try XCTUnwrap(harbourside.service(account.service)).calendar.version(at: reply.occurredAt).value
            let open = calendar.isOpen(at: reply.occurredAt)
            if reply.occurredAt >= crisis.start && reply.occurredAt < crisis.end {
                if !open { crisisOutOfHours += 1 }
            } else if open { inHours += 1 } else { outOfHours += 1 }
        }
        XCTAssertGreaterThan(Double(inHours), 0.85 * Double(inHours + outOfHours), "in hours \(inHours), out of hours \(outOfHours)")
        XCTAssertGreaterThan(outOfHours, 0, "some staff answer in the evening")
        XCTAssertGreaterThan(crisisOutOfHours, 30, "in the flood the council answers at the weekend and at night")
    }

    func testAnswerDelaysHaveALongTailAndSomeQuestionsAreNeverAnswered() throws {
        let simulation = try Simulations.week()
        let crisis = try XCTUnwrap(simulation.summary.crisis)
        let events = try twitterEvents(simulation)
        let bySource = Dictionary(uniqueKeysWithValues: events.map { ($0.sourceID, $0) })
        // Everyday questions (the flood's are answered at once, round the clock).
        let delays = events.filter { $0.kind == .reply && $0.occurredAt < crisis.start }.compactMap { reply in
            reply.parentID.flatMap { bySource[$0] }.map { reply.occurredAt.timeIntervalSince($0.occurredAt) }
        }.sorted()
        XCTAssertLessThan(delays[delays.count / 10], 30 * 60, "the quickest tenth within half an hour")
        XCTAssertGreaterThan(delays[delays.count * 8 / 10], 4 * 3600, "a fifth wait hours (overnight, or for a busy team)")
        // The week ends on Sunday, so answers to Friday evening's questions (due Monday) are not in it.
        XCTAssertGreaterThan(delays.last!, 36 * 3600, "the slowest take days")
        // One resident's exchange: residents' questions under the same council tweet share its conversation.
        let conversations = Dictionary(grouping: events.filter { $0.kind == .inboundMessage || $0.kind == .reply }) { event in
            "\(event.conversationID!)/\((event.kind == .reply ? event.addresseeHash : event.actorHash)!.base64EncodedString())"
        }
        let unanswered = conversations.values.filter { !$0.contains { $0.kind == .reply } }.count
        XCTAssertGreaterThan(unanswered, conversations.count / 20)
        XCTAssertLessThan(unanswered, conversations.count / 2)
        let twiceBeforeAnswer = conversations.values.filter { messages in
            let firstReply = messages.first { $0.kind == .reply }?.occurredAt ?? .distantFuture
            return messages.filter { $0.kind == .inboundMessage && $0.occurredAt < firstReply }.count >= 2
        }.count
        let followedUp = conversations.values.filter { messages in
            guard let firstReply = messages.first(where: { $0.kind == .reply })?.occurredAt else { return false }
            return messages.contains { $0.kind == .inboundMessage && $0.occurredAt > firstReply }
        }.count
        XCTAssertGreaterThan(twiceBeforeAnswer, 10)
        XCTAssertGreaterThan(followedUp, 10)
    }

    func testResidentsWriteByDayNotNightAndMostOnMonday() throws {
        let times = try ResidentMessages.times(in: try Simulations.week())
        let readings = times.map(localHour)
        let night = readings.filter { (1..<5).contains($0.hour) && $0.day < 21 }.count
        let morning = readings.filter { (9..<13).contains($0.hour) && $0.day < 21 }.count
        XCTAssertLessThan(night * 5, morning, "night \(night), morning \(morning)")
        let byDay = Dictionary(grouping: readings, by: \.day).mapValues(\.count)
        let otherWeekdays = Double((17...20).map { byDay[$0]! }.reduce(0, +)) / 4
        XCTAssertGreaterThan(Double(byDay[16]!), 1.15 * otherWeekdays, "Monday is the busiest weekday: \(byDay)")
    }
}
