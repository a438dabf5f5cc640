import CivicPulseCore
import Foundation
import XCTest

/// Wall-clock durations to the millisecond, whatever binary noise the instants carry.
final class ExactSecondsTests: XCTestCase {
    func testADurationIsTheDifferenceOfTheInstantsInWholeMilliseconds() {
        let opened = Date(timeIntervalSince1970: 1_796_115_600.7)   // Tue 1 Dec 2026 09:00:00.700 UTC
        let answered = Date(timeIntervalSince1970: 1_796_141_770)   // 16:16:10
        XCTAssertNotEqual(answered.timeIntervalSince(opened), 26_169.3, "the noise this removes")
        XCTAssertEqual(ExactSeconds.between(opened, answered), 26_169.3)
        XCTAssertEqual(ExactSeconds.between(answered, opened), -26_169.3)
        XCTAssertEqual(ExactSeconds.between(opened, opened.addingTimeInterval(0.000_4)), 0, "under half a millisecond is none")
    }

    func testAnInstantIsItsWholeSecondAndTheMillisecondsPastIt() {
        let second = Date(timeIntervalSince1970: 1_796_141_770)
        XCTAssertTrue(ExactSeconds.secondAndMillis(second) == (second, 0))
        XCTAssertTrue(ExactSeconds.secondAndMillis(Date(timeIntervalSince1970: 1_796_141_770.000_2)) == (second, 0))
        XCTAssertTrue(ExactSeconds.secondAndMillis(Date(timeIntervalSince1970: 1_796_141_769.999_8)) == (second, 0), "just under is the same second")
        XCTAssertTrue(ExactSeconds.secondAndMillis(Date(timeIntervalSince1970: 1_796_141_770.001)) == (second, 1))
        XCTAssertTrue(ExactSeconds.secondAndMillis(Date(timeIntervalSince1970: 1_796_115_600.7)) == (Date(timeIntervalSince1970: 1_796_115_600), 700))
    }
}
