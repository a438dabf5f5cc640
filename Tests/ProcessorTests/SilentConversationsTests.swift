import CivicPulseReadModel
import Foundation
import XCTest

/// Which councils' silent conversations a batch settles itself (`SettledMessages.horizonsToSettle`),
/// rather than leave them to the catch-up's end, and by which horizon: those whose batch changes
/// what is silent.
final class SilentConversationsTests: XCTestCase {
    private let horizon = Date(timeIntervalSince1970: 1_795_424_400 + 20 * 60)   // Monday 09:20 UTC
    private func at(_ minutes: Double) -> Date { horizon.addingTimeInterval(minutes * 60) }

    func testAFollowersBatchOfNewMessagesWithinTheHourSettlesNothing() {
        XCTAssertEqual(SettledMessages.horizonsToSettle(before: ["harbourside": horizon], batch: ["harbourside": at(1)...at(30)]), [:])
    }

    func testAHorizonComingIntoANewHourSettlesItsCouncilOnly() {
        XCTAssertEqual(SettledMessages.horizonsToSettle(before: ["harbourside": horizon, "seaview": horizon],
                                                        batch: ["harbourside": at(1)...at(40), "seaview": at(1)...at(39)]),
                       ["harbourside": at(40)], "09:20 to 10:00 is a new hour; to 09:59 it is not")
    }

    func testAMessageAlreadySilentBeforeItsHorizonSettlesItsCouncil() {
        let fourWeeks = SettledMessages.silence / 60
        XCTAssertEqual(SettledMessages.horizonsToSettle(before: ["harbourside": horizon], batch: ["harbourside": at(-fourWeeks - 1)...at(-fourWeeks - 1)]),
                       ["harbourside": horizon], "another platform's history, read after this one's: the horizon stays")
        XCTAssertEqual(SettledMessages.horizonsToSettle(before: ["harbourside": horizon], batch: ["harbourside": at(-fourWeeks)...at(-fourWeeks)]), [:],
                       "four weeks to the minute is not yet silent")
    }

    func testACouncilsFirstBatchSettlesIt() {
        XCTAssertEqual(SettledMessages.horizonsToSettle(before: [:], batch: ["harbourside": at(0)...at(0)]), ["harbourside": at(0)])
    }
}
