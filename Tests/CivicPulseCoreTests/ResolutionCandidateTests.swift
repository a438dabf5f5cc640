@testable import CivicPulseCore
import Foundation
import XCTest

/// The resolution the processor stores (`Resolution.candidate`, judged by `isResolved`) is the
/// resolution `Resolution.of` reads at every instant, on random conversations: the closed form
/// the reports and `analytics.response_items` rely on (docs/calendars-and-sla.md, "Resolution").
final class ResolutionCandidateTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)
    private let residents = ["ann", "bob"].map { Data($0.utf8) }

    /// Replies to the resident, to another, to nobody; follow-ups, other residents' messages,
    /// reactions; instants on a coarse grid so that ties in time and gaps of exactly the quiet
    /// period come often.
    private func conversation(_ random: inout SeededGenerator, count: Int) -> [ConversationMessage] {
        (0..<count).map { index in
            let council = Int.random(in: 0..<2, using: &random) == 0
            let kinds: [EventKind] = council ? [.reply, .reply, .reply, .post] : [.inboundMessage, .comment, .reaction]
            let addressees: [Data?] = [nil, residents[0], residents[1]]
            return ConversationMessage(
                eventID: UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", Int.random(in: 0..<1_000_000, using: &random)))!,
                conversationKey: "webchat:1", org: "harbourside", platform: "webchat", channel: "webchat", account: "chat",
                service: "waste", kind: kinds[Int.random(in: 0..<kinds.count, using: &random)],
                actorHash: council ? nil : residents[Int.random(in: 0..<residents.count, using: &random)], actorIsOrg: council,
                addresseeHash: council ? addressees[Int.random(in: 0..<addressees.count, using: &random)] : nil,
                occurredAt: start.addingTimeInterval(TimeInterval(Int.random(in: 0..<40, using: &random)) * 6 * 3600), sourceID: "\(index)")
        }
    }

    func testTheStoredCandidateGivesResolutionOfAtEveryInstant() {
        var random = SeededGenerator(seed: 24)
        var resolvedSomewhere = 0, takenBackSomewhere = 0
        for _ in 0..<3000 {
            let messages = conversation(&random, count: 1 + Int.random(in: 0..<12, using: &random))
            let quietPeriod = [6.0, 12, 18, 48, 0.5].map { $0 * 3600 }[Int.random(in: 0..<5, using: &random)]
            let openers = messages.filter { !$0.actorIsOrg && $0.kind.awaitsResponse }
            guard let opener = openers.first else { continue }
            let resident = Int.random(in: 0..<4, using: &random) == 0 ? nil : opener.actorHash
            let candidate = Resolution.candidate(itemID: opener.eventID, openedAt: opener.occurredAt, resident: resident,
                                                 in: messages, quietPeriod: quietPeriod)
            // Every instant a message was sent, every 3 hours between, and a quiet period after each.
            let instants = Set(messages.flatMap { [$0.occurredAt, $0.occurredAt.addingTimeInterval(quietPeriod)] }
                + (0...90).map { start.addingTimeInterval(TimeInterval($0) * 3 * 3600) })
            for asOf in instants {
                let expected = Resolution.of(itemID: opener.eventID, openedAt: opener.occurredAt, resident: resident,
                                             in: messages, quietPeriod: quietPeriod, asOf: asOf)
                let stored = candidate.flatMap { $0.isResolved(asOf: asOf, quietPeriod: quietPeriod) ? $0 : nil }
                XCTAssertEqual(stored, expected, "as of \(asOf), quiet \(quietPeriod / 3600) h, \(messages.map { "\($0.kind.rawValue) at \($0.occurredAt)" })")
                if expected != nil { resolvedSomewhere += 1 }
            }
            if let candidate, candidate.councilReplies > 1 { takenBackSomewhere += 1 }
        }
        XCTAssertGreaterThan(resolvedSomewhere, 10_000, "the conversations resolve items often enough to test anything")
        XCTAssertGreaterThan(takenBackSomewhere, 100, "and often after a follow-up or a second reply")
    }

    /// Walking on from where an earlier walk stopped (the processor's stored state at a
    /// conversation's cut) gives what one walk over every message gives.
    func testAWalkResumedAtAnyPointEqualsOneWalk() {
        var random = SeededGenerator(seed: 23)
        for _ in 0..<3000 {
            let messages = conversation(&random, count: 1 + Int.random(in: 0..<12, using: &random))
            let quietPeriod = [6.0, 12, 48].map { $0 * 3600 }[Int.random(in: 0..<3, using: &random)]
            guard let opener = messages.first(where: { !$0.actorIsOrg && $0.kind.awaitsResponse }) else { continue }
            let opening = ResponseMatcher.QuietPoint(at: opener.occurredAt, eventID: opener.eventID)
            let whole = ResolutionWalk().walked(messages, after: opening, resident: opener.actorHash, quietPeriod: quietPeriod)
            let cut = messages[Int.random(in: 0..<messages.count, using: &random)]
            let point = max(opening, ResponseMatcher.QuietPoint(at: cut.occurredAt, eventID: cut.eventID))
            let atCut = ResolutionWalk().walked(messages, after: opening, through: point, resident: opener.actorHash, quietPeriod: quietPeriod)
            XCTAssertEqual(atCut.walked(messages, after: point, resident: opener.actorHash, quietPeriod: quietPeriod), whole)
        }
    }
}
